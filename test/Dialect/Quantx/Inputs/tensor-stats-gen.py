# Writes a function whose argument carries a #quantx.tensor_stats with a
# histogram of 2048 different bin counts (0, 1, ..., 2047), for the
# round-trip test in tensor-stats.mlir.
bins = list(range(2048))
count = sum(bins)
print("func.func @ramp(%%x: tensor<8xf32> {quantx.stats = "
      "#quantx.tensor_stats<count = %d, min = -1.0, max = 1.0, mean = 0.0, "
      "std = 0.5, mad = 0.25, histogram = {range = [-1.0, 1.0], "
      "bins = dense<[%s]> : tensor<2048xi64>}>}) {" %
      (count, ", ".join(str(b) for b in bins)))
print("  return")
print("}")
