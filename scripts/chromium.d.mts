/** Types of chromium.mjs, for the TypeScript tests that launch Chromium themselves (test/e2e). */
export declare const CHROMIUM_ARGS: string[];
export declare function findChromium(options?: { install?: boolean }): string;
