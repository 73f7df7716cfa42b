# Writes the calibration inputs of calibrate-inputs-invalid.mlir into DIR:
# good ones and one of each kind of bad one.
import os
import sys

import numpy as np

d = sys.argv[1]
os.makedirs(os.path.join(d, "empty"), exist_ok=True)
x = np.arange(8, dtype=np.float32).reshape(2, 4) / 8
np.save(os.path.join(d, "x.npy"), x)
np.save(os.path.join(d, "x64.npy"), x.astype(np.float64))
np.save(os.path.join(d, "x3x4.npy"), np.zeros((3, 4), np.float32))
np.save(os.path.join(d, "fortran.npy"), np.asfortranarray(x))
inf = x.copy()
inf[0, 0] = np.inf
np.save(os.path.join(d, "inf.npy"), inf)
huge = np.full((2, 4), 3e38, np.float32)
np.save(os.path.join(d, "huge.npy"), huge)
with open(os.path.join(d, "text.npy"), "w") as f:
    f.write("not a numpy file\n")
