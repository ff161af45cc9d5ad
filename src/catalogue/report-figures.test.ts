import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countFigures } from './report-figures.ts';

describe('Article 20 (一) figures', () => {
  const docs = [
    { writtenOn: '2025-03-01', publishedOn: '2025-03-05', validity: 'valid' as const, validityOn: null },
    { writtenOn: '2024-12-20', publishedOn: '2025-01-04', validity: 'valid' as const, validityOn: null },
    {
      writtenOn: '2023-05-01',
      publishedOn: '2023-05-02',
      validity: 'repealed' as const,
      validityOn: '2025-06-30',
    },
    {
      writtenOn: '2022-05-01',
      publishedOn: '2022-05-02',
      validity: 'expired' as const,
      validityOn: '2026-06-30',
    },
    { writtenOn: null, publishedOn: '2026-01-05', validity: 'valid' as const, validityOn: null },
  ];
  it('counts made, repealed and valid (2021 format)', () => {
    const f = countFigures(docs, 2025);
    assert.equal(f.made, 1);
    assert.equal(f.repealed, 1);
    assert.equal(f.valid, 3); // the two of 2025/2024 and the one expiring in 2026
  });
  it('counts newly made, newly published and the total (2019 format)', () => {
    const f = countFigures(docs, 2025);
    assert.equal(f.newMade, 1);
    assert.equal(f.newPublished, 2);
    assert.equal(f.totalPublished, 4);
  });
});
