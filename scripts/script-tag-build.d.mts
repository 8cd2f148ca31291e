/** Types of script-tag-build.mjs, for vite.config.ts. */
import type { InlineConfig, Plugin, RolldownOptions } from 'vite';

export declare const SCRIPT_TAG_ENTRY: string;
export declare const ENTRY_FILE: string;
export declare function plainDynamicImports(): Plugin;
export declare const IDB_BUILD: RegExp;
export declare function idbCore(): Plugin;
export declare const LAZY_MODULE: string;
/** A plugin whose hooks are plain functions (callable from a test). */
export declare function oneLazyChunk(root: string): {
  name: string;
  buildStart(): void;
  transform(this: { parse(code: string): unknown }, code: string, id: string): { code: string; map: null } | undefined;
};
export declare function idbWithoutAddOns(code: string): string;
export declare function classicEntry(): Plugin;
export declare function scriptTagRolldownOptions(input: string): RolldownOptions;
export declare function minifyTemplates(): Plugin;
export declare function minifyCss(text: string): string;
export declare function collapseTemplate(text: string): string;
export declare function scriptTagConfig(root: string, overrides?: InlineConfig): InlineConfig;
