// `node scripts/optimize-wasm.mjs BINARYEN_INDEX_JS FILE.wasm...`: what `wasm-opt -Oz` does,
// to every file given, in one process. The split front end is hundreds of small chunks, and
// the wasm-opt command (binaryen compiled for node) spends about a second starting up for
// each; loading binaryen once makes that a few seconds in all. Files are rewritten in place.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [binaryenPath, ...files] = process.argv.slice(2);
const { default: binaryen } = await import(pathToFileURL(binaryenPath).href);
const F = binaryen.Features;
// The features rustc 1.96 emits for wasm32, with those wasm-opt's --enable-bulk-memory and
// --enable-reference-types bring along (binaryen insists on them).
const features = F.MVP | F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt | F.SignExt
  | F.MutableGlobals | F.ReferenceTypes | F.CallIndirectOverlong | F.Multivalue;
// -Oz: optimise for size as hard as for speed.
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
for (const file of files) {
  const module = binaryen.readBinary(readFileSync(file));
  module.setFeatures(features);
  module.optimize();
  // Metadata for linkers and tools, a few hundred bytes in every file: with hundreds of
  // chunks, each gzipped alone, that was about a tenth of the case overview's chunks.
  module.runPasses(['strip-target-features', 'strip-producers']);
  writeFileSync(file, module.emitBinary());
  module.dispose();
}
