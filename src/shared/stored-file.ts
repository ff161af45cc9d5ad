/**
 * A file kept under UPLOAD_DIR whose row holds its name, type, size and digest (case documents, identity
 * documents, letter attachments…): the fields every such table shares, and their mapping to and from
 * the row. Each table's repository adds its own keys (case, application, letter).
 */

export interface NewStoredFile {
  readonly fileName: string;
  readonly storedName: string;
  readonly mime: string;
  readonly size: number;
  readonly sha256: string;
}

export interface StoredFile extends NewStoredFile {
  readonly id: number;
  readonly createdAt: string;
}

/** The shared columns of a stored-file row (ids and sizes as the driver returns them). */
export interface StoredFileRow {
  readonly id: number | string;
  readonly file_name: string;
  readonly stored_name: string;
  readonly mime: string;
  readonly size: number | string;
  readonly sha256: string;
  readonly created_at: string;
}

export function toStoredFile(r: StoredFileRow): StoredFile {
  return {
    id: Number(r.id),
    fileName: r.file_name,
    storedName: r.stored_name,
    mime: r.mime,
    size: Number(r.size),
    sha256: r.sha256,
    createdAt: r.created_at,
  };
}

/** The shared columns of a new stored-file row. */
export function storedFileColumns(f: NewStoredFile) {
  return { file_name: f.fileName, stored_name: f.storedName, mime: f.mime, size: f.size, sha256: f.sha256 };
}
