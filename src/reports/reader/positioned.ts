/**
 * Words with their place on the page — the input of the position reader (issue 13): from a PDF's text
 * layer (`pdftotext -bbox-layout`) or from OCR of a scanned page. Coordinates are in the page's own
 * units (PDF points for a text layer, pixels for a scan), origin top left, y growing downwards.
 */
export interface PlacedWord {
  readonly text: string;
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
  /** OCR only: how sure the recogniser is, 0–1. A text layer's words are certain (undefined). */
  readonly confidence?: number;
}

/** A ruling line of a table, found on a scanned page (or drawn in a PDF). */
export interface RuleLine {
  readonly orientation: 'horizontal' | 'vertical';
  /** Horizontal: y of the line and its x extent; vertical: x of the line and its y extent. */
  readonly at: number;
  readonly from: number;
  readonly to: number;
}

export interface PlacedPage {
  /** 1-based page number. */
  readonly page: number;
  readonly width: number;
  readonly height: number;
  readonly words: readonly PlacedWord[];
  /** Table rulings when known (OCR detects them; a text layer may leave this undefined). */
  readonly rules?: readonly RuleLine[];
}
