#!/usr/bin/env node
// Runs an ONNX model with ONNX Runtime (npm onnxruntime-node, CPU execution
// provider) on .npy inputs and writes its outputs as .npy: the float
// reference quantx is compared with. Never includes quantx code.
//
// usage: ort_run.js --npm DIR MODEL --input x.npy [--input ...]
//                   [--output y.npy ...] [--repeat N] [--threads T]
//
// DIR is the folder holding node_modules/onnxruntime-node (third_party/npm).
// Inputs are bound to the model's inputs in order; outputs are written in the
// order of the model's outputs. With --repeat N it prints the median time per
// inference of N runs after one warm-up run (--threads sets the intra-op
// threads, default 1, to compare with single-threaded quantx code).
'use strict';
const fs = require('fs');
const path = require('path');

function parseArgs(argv) {
  const a = {inputs: [], outputs: [], repeat: 0, threads: 1, npm: null,
             model: null};
  for (let i = 0; i < argv.length; ++i) {
    const v = argv[i];
    if (v === '--input') a.inputs.push(argv[++i]);
    else if (v === '--output') a.outputs.push(argv[++i]);
    else if (v === '--repeat') a.repeat = parseInt(argv[++i], 10);
    else if (v === '--threads') a.threads = parseInt(argv[++i], 10);
    else if (v === '--npm') a.npm = argv[++i];
    else if (!a.model) a.model = v;
    else throw new Error('unexpected argument ' + v);
  }
  if (!a.model || !a.npm) throw new Error('usage: ort_run.js --npm DIR MODEL');
  return a;
}

const DTYPES = {'<f4': ['float32', Float32Array], '<f8': ['float64', Float64Array],
                '<i8': ['int64', BigInt64Array], '<i4': ['int32', Int32Array],
                '|i1': ['int8', Int8Array], '|u1': ['uint8', Uint8Array]};

function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error(file + ': not .npy');
  const major = buf[6];
  const hlen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + hlen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  if (/'fortran_order':\s*True/.test(header)) throw new Error(file + ': Fortran order');
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(',')
      .map(s => s.trim()).filter(s => s.length).map(Number);
  const [type, Ctor] = DTYPES[descr] || [];
  if (!type) throw new Error(file + ': unsupported dtype ' + descr);
  const body = buf.subarray(start + hlen);
  const copy = new Uint8Array(body.length);
  copy.set(body);
  return {type, shape, data: new Ctor(copy.buffer)};
}

function writeNpy(file, tensor) {
  const descr = Object.keys(DTYPES).find(k => DTYPES[k][0] === tensor.type);
  if (!descr) throw new Error('cannot write dtype ' + tensor.type);
  const dims = tensor.dims.map(Number);
  const shape = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1; pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const data = Buffer.from(tensor.data.buffer, tensor.data.byteOffset,
                           tensor.data.byteLength);
  fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), data]));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const ort = require(path.resolve(args.npm, 'node_modules', 'onnxruntime-node'));
  const session = await ort.InferenceSession.create(args.model, {
    executionProviders: ['cpu'], intraOpNumThreads: args.threads,
    interOpNumThreads: 1, graphOptimizationLevel: 'all'});
  if (args.inputs.length !== session.inputNames.length)
    throw new Error(`the model has ${session.inputNames.length} inputs, ` +
                    `${args.inputs.length} given`);
  const feeds = {};
  session.inputNames.forEach((name, k) => {
    const a = readNpy(args.inputs[k]);
    feeds[name] = new ort.Tensor(a.type, a.data, a.shape);
  });
  let results = await session.run(feeds);
  if (args.repeat > 0) {
    const times = [];
    for (let r = 0; r < args.repeat; ++r) {
      const t = process.hrtime.bigint();
      results = await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    times.sort((x, y) => x - y);
    console.log(`onnxruntime: ${times.length} run(s): median ` +
                `${times[Math.floor(times.length / 2)].toFixed(3)} ms, min ` +
                `${times[0].toFixed(3)} ms per inference ` +
                `(${args.threads} thread(s))`);
  }
  session.outputNames.forEach((name, k) => {
    if (k < args.outputs.length) writeNpy(args.outputs[k], results[name]);
  });
}

main().catch(e => { console.error('ort_run.js: ' + (e.stack || e)); process.exit(1); });
