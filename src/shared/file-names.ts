/** File names as users send them: their extension, and a form safe to store and show. */

/** The lower-case extension of a file name (at most 8 letters or digits), or ''. */
export function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
  return (m?.[1] ?? '').toLowerCase();
}

/** A file name safe to store and show: no path separators or control characters, at most 120 characters. */
export function cleanFileName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we replace
  const cleaned = name.replace(/[\\/\u0000-\u001f]/g, '_').trim();
  return (cleaned || '未命名文件').slice(-120);
}
