import { resolve } from 'node:path';

/** Where the files of applications live: `UPLOAD_DIR/applications` (identity) and `UPLOAD_DIR/letters`. */
export function fileDirs(uploadDir: string) {
  return {
    identity: resolve(uploadDir, 'applications'),
    letters: resolve(uploadDir, 'letters'),
    tmp: resolve(uploadDir, 'tmp'),
  };
}
