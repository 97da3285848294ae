// Types of source-stamp.mjs for the TypeScript tests that use it.
export type BuildPart = 'server' | 'designer';
export const BUILD_PARTS: Record<BuildPart, { sources: string[]; outputs: string[]; stamp: string }>;
export function sourceStamp(root: string, part: BuildPart): string;
export function isFresh(root: string, part: BuildPart, stamp?: string): boolean;
export function writeStamp(root: string, part: BuildPart, stamp: string): void;
