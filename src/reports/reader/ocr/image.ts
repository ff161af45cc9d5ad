/**
 * Grey page images for OCR (pure): read what `pdftoppm` writes (PGM, or PPM whose red channel is
 * kept so that a red seal drops out while black ink stays black), crop, write PGM for tesseract,
 * and straighten a slightly skewed scan. 0 is black, 255 white.
 */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Darker than this counts as ink. */
export const INK = 150;

/** Reads a binary PGM (P5) or PPM (P6) with 8-bit samples; PPM keeps the red channel (red seals vanish). */
export function parsePnm(bytes: Uint8Array): GrayImage {
  let pos = 0;
  const token = (): string => {
    for (;;) {
      while (pos < bytes.length && /\s/.test(String.fromCharCode(bytes[pos]!))) pos++;
      if (bytes[pos] === 0x23) while (pos < bytes.length && bytes[pos] !== 0x0a) pos++;
      else break;
    }
    const start = pos;
    while (pos < bytes.length && !/\s/.test(String.fromCharCode(bytes[pos]!))) pos++;
    return String.fromCharCode(...bytes.subarray(start, pos));
  };
  const magic = token();
  if (magic !== 'P5' && magic !== 'P6') throw new Error(`not a binary PGM/PPM image (${magic})`);
  const width = Number(token());
  const height = Number(token());
  const max = Number(token());
  if (!(width > 0 && height > 0 && max > 0 && max < 256)) throw new Error('unsupported PGM/PPM header');
  pos++; // the single whitespace after the header
  const channels = magic === 'P5' ? 1 : 3;
  const need = width * height * channels;
  if (bytes.length - pos < need) throw new Error('truncated PGM/PPM image');
  const data = new Uint8Array(width * height);
  if (channels === 1) data.set(bytes.subarray(pos, pos + need));
  else for (let i = 0, j = pos; i < data.length; i++, j += 3) data[i] = bytes[j]!;
  if (max !== 255) for (let i = 0; i < data.length; i++) data[i] = Math.round((data[i]! * 255) / max);
  return { width, height, data };
}

export function toPgm(img: GrayImage): Uint8Array {
  const head = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(head.length + img.data.length);
  out.set(head);
  out.set(img.data, head.length);
  return out;
}

/** The rectangle [x0, x1) × [y0, y1), clipped to the image, with a white margin of `pad` pixels around it. */
export function crop(img: GrayImage, x0: number, y0: number, x1: number, y1: number, pad = 0): GrayImage {
  const ax = Math.max(0, Math.floor(x0));
  const ay = Math.max(0, Math.floor(y0));
  const bx = Math.min(img.width, Math.ceil(x1));
  const by = Math.min(img.height, Math.ceil(y1));
  const w = Math.max(1, bx - ax) + 2 * pad;
  const h = Math.max(1, by - ay) + 2 * pad;
  const data = new Uint8Array(w * h).fill(255);
  for (let y = ay; y < by; y++) {
    data.set(img.data.subarray(y * img.width + ax, y * img.width + bx), (y - ay + pad) * w + pad);
  }
  return { width: w, height: h, data };
}

/** Ink pixels in a rectangle. */
export function inkPixels(img: GrayImage, x0: number, y0: number, x1: number, y1: number): number {
  const ax = Math.max(0, Math.floor(x0));
  const ay = Math.max(0, Math.floor(y0));
  const bx = Math.min(img.width, Math.ceil(x1));
  const by = Math.min(img.height, Math.ceil(y1));
  if (bx <= ax || by <= ay) return 0;
  let n = 0;
  for (let y = ay; y < by; y++) {
    const row = y * img.width;
    for (let x = ax; x < bx; x++) if (img.data[row + x]! < INK) n++;
  }
  return n;
}

/**
 * The skew angle (degrees, −3…3, step 0.1) that makes the ink's rows sharpest: table rulings and text
 * lines then lie horizontal. Rotating by the opposite angle straightens the page.
 */
export function estimateSkew(img: GrayImage, maxDegrees = 3, step = 0.1): number {
  const xs: number[] = [];
  const ys: number[] = [];
  // Every second pixel of every second row is plenty to find the angle.
  // Pixels inside a horizontal stroke (ink two pixels left and right): rulings and text lines, not
  // vertical strokes or specks, which blur the profile.
  for (let y = 0; y < img.height; y += 2) {
    const row = y * img.width;
    for (let x = 2; x < img.width - 2; x += 2) {
      if (img.data[row + x]! < INK && img.data[row + x - 2]! < INK && img.data[row + x + 2]! < INK) {
        xs.push(x - img.width / 2);
        ys.push(y);
      }
    }
  }
  if (xs.length < 100) return 0;
  let best = 0;
  let bestScore = -1;
  const bins = new Float64Array(img.height + 2 * img.width);
  const offset = img.width;
  const steps = Math.round(maxDegrees / step);
  for (let k = -steps; k <= steps; k++) {
    const a = ((k * step) / 180) * Math.PI;
    const t = Math.tan(a);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const b = Math.round(ys[i]! - xs[i]! * t) + offset;
      if (b >= 0 && b < bins.length) bins[b]!++;
    }
    let score = 0;
    for (let i = 0; i < bins.length; i++) score += bins[i]! * bins[i]!;
    if (score > bestScore * 1.0000001) {
      bestScore = score;
      best = k * step;
    }
  }
  return Math.round(best * 10) / 10;
}

/** Rotates by `degrees` about the centre (positive = counter-clockwise on screen), white where nothing maps. */
export function rotate(img: GrayImage, degrees: number): GrayImage {
  if (degrees === 0) return img;
  const a = (degrees / 180) * Math.PI;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = img.width / 2;
  const cy = img.height / 2;
  const data = new Uint8Array(img.width * img.height).fill(255);
  for (let y = 0; y < img.height; y++) {
    const dy = y - cy;
    for (let x = 0; x < img.width; x++) {
      const dx = x - cx;
      // Inverse mapping: where in the source does this output pixel come from.
      const sx = Math.round(cx + dx * cos + dy * sin);
      const sy = Math.round(cy - dx * sin + dy * cos);
      if (sx >= 0 && sy >= 0 && sx < img.width && sy < img.height)
        data[y * img.width + x] = img.data[sy * img.width + sx]!;
    }
  }
  return { width: img.width, height: img.height, data };
}

/** Straightens a scan whose skew is at least 0.2°; returns the image and the angle corrected. */
export function deskew(img: GrayImage): { image: GrayImage; degrees: number } {
  const skew = estimateSkew(img);
  return Math.abs(skew) < 0.2 ? { image: img, degrees: 0 } : { image: rotate(img, -skew), degrees: skew };
}

/**
 * Paper to white: everything lighter than `level` (shaded header cells, a tinted scan, a faded seal)
 * becomes white and the rest stays as it is (faint rulings must stay ink), so the recogniser sees
 * writing on white.
 */
export function whiten(img: GrayImage, level = 190): GrayImage {
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) {
    const v = img.data[i]!;
    data[i] = v >= level ? 255 : v;
  }
  return { width: img.width, height: img.height, data };
}

/** Removes specks: an ink pixel with at most one ink neighbour (of eight) becomes white. */
export function despeckle(img: GrayImage): GrayImage {
  const { width: w, height: h } = img;
  const src = img.data;
  const data = new Uint8Array(src);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (src[i]! >= INK) continue;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) if ((dx || dy) && src[i + dy * w + dx]! < INK) n++;
      if (n <= 1) data[i] = 255;
    }
  }
  return { width: w, height: h, data };
}

/** The bounding box of the ink in a rectangle, or null. */
export function inkBox(
  img: GrayImage,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): { x0: number; y0: number; x1: number; y1: number; ink: number } | null {
  let bx0 = Number.POSITIVE_INFINITY;
  let by0 = Number.POSITIVE_INFINITY;
  let bx1 = -1;
  let by1 = -1;
  let ink = 0;
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(img.height, Math.ceil(y1)); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(img.width, Math.ceil(x1)); x++) {
      if (img.data[y * img.width + x]! >= INK) continue;
      ink++;
      bx0 = Math.min(bx0, x);
      by0 = Math.min(by0, y);
      bx1 = Math.max(bx1, x);
      by1 = Math.max(by1, y);
    }
  }
  return ink === 0 ? null : { x0: bx0, y0: by0, x1: bx1 + 1, y1: by1 + 1, ink };
}

/**
 * Whether the ink of a cell is one upright bar of digit height: a printed 1, which tesseract often
 * drops when it stands alone. Used only when the recogniser read nothing, and never as a sure reading.
 */
export function looksLikeOne(
  img: GrayImage,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  dpi: number,
): boolean {
  const box = inkBox(img, x0, y0, x1, y1);
  if (!box) return false;
  const h = box.y1 - box.y0;
  const w = box.x1 - box.x0;
  const minHeight = (dpi / 150) * 10;
  return h >= minHeight && h <= (dpi / 150) * 40 && w <= h * 0.6 && box.ink >= h * 1.2;
}
