import { deflateSync } from 'node:zlib';

/**
 * Test and bench support: make "scanned" reports from page images — an image-only PDF writer, and the
 * damage real scans have (noise, a slight skew, a red seal over the table). Deterministic: noise comes
 * from a seeded generator.
 */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** R, G, B per pixel. */
  readonly data: Uint8Array;
}

/** Reads a binary PPM (P6) as `pdftoppm` writes it. */
export function parsePpm(bytes: Uint8Array): RgbImage {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64));
  const m = /^P6\s+(?:#.*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(head);
  if (!m) throw new Error('not a binary PPM');
  const width = Number(m[1]);
  const height = Number(m[2]);
  const start = m[0].length;
  return { width, height, data: bytes.slice(start, start + width * height * 3) };
}

/** Mulberry32: a small seeded generator, so that noisy pages are the same every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Scanner noise: every channel value moves by a normal amount of deviation `sigma`, and a share
 * `specks` of pixels becomes a black or white speck.
 */
export function addNoise(img: RgbImage, sigma: number, specks: number, seed = 1): RgbImage {
  const rnd = seeded(seed);
  const data = new Uint8Array(img.data);
  for (let p = 0; p < img.width * img.height; p++) {
    if (specks > 0 && rnd() < specks) {
      const v = rnd() < 0.5 ? 0 : 255;
      data[p * 3] = v;
      data[p * 3 + 1] = v;
      data[p * 3 + 2] = v;
      continue;
    }
    if (sigma <= 0) continue;
    // Box–Muller.
    const n = Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd()) * sigma;
    for (let c = 0; c < 3; c++)
      data[p * 3 + c] = Math.max(0, Math.min(255, Math.round(data[p * 3 + c]! + n)));
  }
  return { ...img, data };
}

/** Rotates by `degrees` (positive = clockwise on screen) about the centre; white where nothing maps. */
export function rotateRgb(img: RgbImage, degrees: number): RgbImage {
  const a = (degrees / 180) * Math.PI;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = img.width / 2;
  const cy = img.height / 2;
  const data = new Uint8Array(img.data.length).fill(255);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const dx = x - cx;
      const dy = y - cy;
      const sx = Math.round(cx + dx * cos + dy * sin);
      const sy = Math.round(cy - dx * sin + dy * cos);
      if (sx < 0 || sy < 0 || sx >= img.width || sy >= img.height) continue;
      const o = (y * img.width + x) * 3;
      const i = (sy * img.width + sx) * 3;
      data[o] = img.data[i]!;
      data[o + 1] = img.data[i + 1]!;
      data[o + 2] = img.data[i + 2]!;
    }
  }
  return { ...img, data };
}

/**
 * A red seal (公章) stamped at (cx, cy): an outer ring, a five-pointed star and an arc of strokes in
 * place of the agency's name, multiplied onto the page as ink is (black stays black).
 */
export function stampSeal(img: RgbImage, cx: number, cy: number, radius: number): RgbImage {
  const data = new Uint8Array(img.data);
  const ring = Math.max(3, radius * 0.06);
  const ink = (x: number, y: number) => {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= img.width || yi >= img.height) return;
    const o = (yi * img.width + xi) * 3;
    data[o] = Math.min(data[o]!, 225);
    data[o + 1] = Math.min(data[o + 1]!, 40);
    data[o + 2] = Math.min(data[o + 2]!, 45);
  };
  const r0 = Math.ceil(radius);
  const star = (x: number, y: number): boolean => {
    // Inside a five-pointed star of radius radius*0.3: polar test against the star's outline.
    const r = Math.hypot(x, y);
    const t = Math.atan2(y, x) + Math.PI / 2;
    const k = (((t % ((2 * Math.PI) / 5)) + (2 * Math.PI) / 5) % ((2 * Math.PI) / 5)) / ((2 * Math.PI) / 5);
    const edge = radius * 0.3 * (0.45 + 0.55 * Math.abs(1 - 2 * k));
    return r <= edge;
  };
  for (let dy = -r0; dy <= r0; dy++) {
    for (let dx = -r0; dx <= r0; dx++) {
      const r = Math.hypot(dx, dy);
      const angle = Math.atan2(dy, dx);
      const onRing = r <= radius && r >= radius - ring;
      // The name: short radial strokes along the upper arc, like characters.
      const inName =
        angle < -0.35 &&
        angle > -Math.PI + 0.35 &&
        r < radius * 0.82 &&
        r > radius * 0.62 &&
        Math.abs(Math.sin(angle * 14)) < 0.35;
      if (onRing || inName || star(dx, dy)) ink(cx + dx, cy + dy);
    }
  }
  return { ...img, data };
}

/** Image-only PDF: one page per image at `dpi`, each a Flate-compressed RGB (or grey) image. */
export function imagesToPdf(pages: readonly RgbImage[], dpi: number, gray = false): Buffer {
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    chunks.push(buf);
    length += buf.length;
  };
  const object = (n: number, body: (Buffer | string)[]) => {
    offsets[n] = length;
    push(`${n} 0 obj\n`);
    for (const b of body) push(b);
    push('\nendobj\n');
  };
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const n = pages.length;
  const kids = pages.map((_, i) => `${3 + i * 3} 0 R`).join(' ');
  object(1, ['<< /Type /Catalog /Pages 2 0 R >>']);
  object(2, [`<< /Type /Pages /Kids [${kids}] /Count ${n} >>`]);
  pages.forEach((img, i) => {
    const page = 3 + i * 3;
    const w = ((img.width * 72) / dpi).toFixed(2);
    const h = ((img.height * 72) / dpi).toFixed(2);
    let pixels: Uint8Array = img.data;
    if (gray) {
      pixels = new Uint8Array(img.width * img.height);
      for (let p = 0; p < pixels.length; p++)
        pixels[p] = Math.round(
          0.299 * img.data[p * 3]! + 0.587 * img.data[p * 3 + 1]! + 0.114 * img.data[p * 3 + 2]!,
        );
    }
    const image = deflateSync(pixels, { level: 9 });
    const content = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`;
    object(page, [
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 ${page + 2} 0 R >> >> /Contents ${page + 1} 0 R >>`,
    ]);
    object(page + 1, [`<< /Length ${content.length} >>\nstream\n${content}\nendstream`]);
    object(page + 2, [
      `<< /Type /XObject /Subtype /Image /Width ${img.width} /Height ${img.height} /ColorSpace /${gray ? 'DeviceGray' : 'DeviceRGB'} /BitsPerComponent 8 /Filter /FlateDecode /Length ${image.length} >>\nstream\n`,
      image,
      '\nendstream',
    ]);
  });
  const xref = length;
  const count = 3 + n * 3;
  push(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let i = 1; i < count; i++) push(`${String(offsets[i]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(chunks);
}
