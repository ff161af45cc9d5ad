export * from './formats.ts';
export * from './tables.ts';
export * from './types.ts';
