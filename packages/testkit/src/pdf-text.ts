import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

/**
 * The text of a PDF as poppler's `pdftotext` reads it (what a client copying from the document gets), with
 * the layout kept so that a label and its value stay on one line. No-break and narrow spaces, which Intl
 * writes inside amounts, read as plain spaces.
 */
export async function pdfText (pdf: Buffer): Promise<string> {
  const child = promisify(execFile)('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  child.child.stdin?.end(pdf)
  const { stdout } = await child
  return plainSpaces(stdout)
}

export function plainSpaces (text: string): string {
  return text.replace(/[\u00a0\u202f\u2009]/g, ' ')
}
