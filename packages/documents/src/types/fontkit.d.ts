// fontkit ships no types; PDFKit takes the font object it returns in place of a font file.
declare module 'fontkit' {
  export function create (buffer: Uint8Array, postscriptName?: string): { layout: (text: string) => unknown }
}
