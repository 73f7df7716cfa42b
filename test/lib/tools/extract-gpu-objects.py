#!/usr/bin/env python3
"""Extracts the objects that gpu-module-to-binary embedded in an MLIR module.

usage: extract-gpu-objects.py INPUT.mlir OUTDIR [--ext=ptx]
                              [--ptxas=PTXAS --arch=sm_XX [--sass=CUOBJDUMP]]

Finds every `gpu.binary @NAME [#gpu.object<..., assembly|bin = "...">]` in
INPUT (text MLIR), decodes the MLIR string escapes (\\XX hex, \\\\, \\", \\n,
\\t) and writes each object to OUTDIR/NAME.EXT (with a numeric suffix when a
binary holds several objects). Prints the written paths, one per line. Exits
1 when there is no object, so that a test cannot pass on an empty module.

With --ptxas, each object (PTX) is also assembled with `PTXAS -arch=ARCH`
into OUTDIR/NAME.ARCH.cubin; a failure stops with ptxas's message. With
--sass, each cubin is disassembled with `CUOBJDUMP -sass` and the listing
printed. (lit's internal shell has no loops, hence these options.)
"""
import os
import re
import subprocess
import sys

BINARY = re.compile(r'gpu\.binary\s+@([\w$.]+)')
OBJECT = re.compile(r'(?:assembly|bin)\s*=\s*"')


def read_string(text, start):
    """Decodes the MLIR string literal whose body starts at `start`."""
    out = bytearray()
    i = start
    while True:
        ch = text[i]
        if ch == '"':
            return bytes(out), i + 1
        if ch == '\\':
            nxt = text[i + 1]
            simple = {'\\': b'\\', '"': b'"', 'n': b'\n', 't': b'\t'}
            if nxt in simple:
                out += simple[nxt]
                i += 2
            else:
                out.append(int(text[i + 1:i + 3], 16))
                i += 3
        else:
            out += ch.encode('utf-8')
            i += 1


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    opts = dict(a[2:].split('=', 1) for a in sys.argv[1:]
                if a.startswith('--') and '=' in a)
    ext = opts.get('ext', 'ptx')
    if len(args) != 2:
        sys.exit(__doc__)
    text = open(args[0], encoding='utf-8').read()
    os.makedirs(args[1], exist_ok=True)
    written = []
    for match in BINARY.finditer(text):
        name = match.group(1)
        end = text.find('gpu.binary', match.end())
        segment_end = end if end != -1 else len(text)
        pos = match.end()
        count = 0
        while True:
            obj = OBJECT.search(text, pos, segment_end)
            if not obj:
                break
            data, pos = read_string(text, obj.end())
            suffix = '' if count == 0 else '.%d' % count
            path = os.path.join(args[1], '%s%s.%s' % (name, suffix, ext))
            with open(path, 'wb') as f:
                f.write(data)
            written.append(path)
            count += 1
    if not written:
        sys.exit('extract-gpu-objects: no gpu.binary object in %s' % args[0])
    print('\n'.join(written))
    if 'ptxas' not in opts:
        return
    arch = opts['arch']
    for path in written:
        cubin = '%s.%s.cubin' % (os.path.splitext(path)[0], arch)
        run = subprocess.run([opts['ptxas'], '-arch=' + arch, path, '-o', cubin],
                             capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit('extract-gpu-objects: ptxas -arch=%s rejects %s:\n%s' %
                     (arch, path, run.stderr))
        print('%s: ptxas -arch=%s ok' % (cubin, arch))
        if 'sass' in opts:
            sass = subprocess.run([opts['sass'], '-sass', cubin],
                                  capture_output=True, text=True, check=True)
            print(sass.stdout)


if __name__ == '__main__':
    main()
