/**
 * The documents (PDFKit, its fonts, the catalogs) loaded when the first one is asked for, not when a service
 * starts: they are a large part of a process's resident memory, and most requests never need them.
 * `import type` from the package costs nothing; values come through here.
 */
export async function loadDocuments (): Promise<typeof import('./index.js')> {
  return await import('./index.js')
}
