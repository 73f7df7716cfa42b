// RUN: quantx-opt %s --quantx-insert-qdq="report=%t.csv" -o /dev/null
// RUN: FileCheck %s --check-prefix=CSV --input-file=%t.csv
// RUN: quantx-opt %s --quantx-insert-qdq="report=%t.md" -o /dev/null
// RUN: FileCheck %s --check-prefix=MD --input-file=%t.md
// RUN: quantx-opt %s --quantx-insert-qdq="report=%t.json activation-clip=percentile=99" -o /dev/null
// RUN: FileCheck %s --check-prefix=JSON --input-file=%t.json

// The quantization report, checked against hand-derived values.
//
// Activation: values uniform over [-1, 1] (2048 bins of 1), 8-bit
// asymmetric min-max: scale 2/255 = 0.00784314, zero point round(-128 +
// 1/f32(2/255)) = round(-0.500006) = -1; SQNR of a uniform grid over uniform
// data, 10 log10((1/3) / ((2/255)^2 / 12)) = 20 log10(255) = 48.13 dB, from
// the histogram.
//
// Weights: one channel [1, 0.5], symmetric narrow 8-bit: scale 1/127 =
// 0.00787402; 1 -> 127 (exact), 0.5 -> 63.50000024 -> 64 -> 0.50393701:
// error 0.00393701; SQNR 10 log10(1.25 / 0.00393701^2) = 49.07 dB, exact
// (over the weights). The clip range is what the grid covers: [-1, 1].

// CSV: function,tensor,kind,consumers,granularity,bits,symmetric,method,clip_lo,clip_hi,scale,zero_point,sqnr_db,sqnr_source
// CSV-NEXT: main,arg0,activation,mm,per-tensor,8,no,minmax,-1,1,0.00784314,-1,48.1{{[0-9]}},histogram
// CSV-NEXT: main,mm.weight,weight,mm,per-channel(1),8,yes,minmax,-1,1,0.00787402,0,49.07,exact
// CSV-EMPTY:

// MD: # Quantization report
// MD: | function | tensor | kind | consumers | granularity | bits | symmetric | method | clip_lo | clip_hi | scale | zero_point | sqnr_db | sqnr_source |
// MD-NEXT: |---|---|---|---|---|---|---|---|---|---|---|---|---|---|
// MD-NEXT: | main | arg0 | activation | mm | per-tensor | 8 | no | minmax | -1 | 1 | 0.00784314 | -1 | 48.1{{[0-9]}} | histogram |
// MD-NEXT: | main | mm.weight | weight | mm | per-channel(1) | 8 | yes | minmax | -1 | 1 | 0.00787402 | 0 | 49.07 | exact |
// What each clipping method would choose for the activation: min-max and
// the 99.99th percentile (1 - 2 * 0.0001 = 0.9998) keep nearly everything;
// ACIQ's 8-bit Laplace clip with mad 0.5 is 9.8968 * 0.5 > 1 (everything);
// the Gaussian one 3.924 * 0.57735 = 2.27 > 1.
// MD: ## Activation clipping alternatives
// MD: | main | arg0 | minmax | -1 | 1 | 0.00784314 | -1 | 48.1{{[0-9]}} |
// MD-NEXT: | main | arg0 | percentile=99.99 | -0.9998 | 0.9998 |
// MD-NEXT: | main | arg0 | mse |
// MD-NEXT: | main | arg0 | aciq-laplace | -1 | 1 | 0.00784314 | -1 | 48.1{{[0-9]}} |
// MD-NEXT: | main | arg0 | aciq-gauss | -1 | 1 | 0.00784314 | -1 | 48.1{{[0-9]}} |

// The JSON holds every row, the histogram and the alternatives, one tensor
// per line; the chosen method's percentile is the one the alternatives use.
// JSON: {"tensors": [
// JSON-NEXT: {"alternatives":[{"hi":1,"lo":-1,"method":"minmax",
// JSON-SAME: {"hi":0.97999999999999998,"lo":-0.97999999999999998,"method":"percentile=99",
// JSON-SAME: "method":"mse"
// JSON-SAME: "method":"aciq-laplace"
// JSON-SAME: "method":"aciq-gauss"
// JSON-SAME: "histogram":{"bins":[1,1,1,
// JSON-SAME: 1,1,1],"hi":1,"lo":-1},"kind":"activation","method":"percentile=99",
// JSON-SAME: "tensor":"arg0"
// JSON-NEXT: "kind":"weight"
// JSON-SAME: "sqnr_db":49.06
// JSON-SAME: "sqnr_source":"exact"
// JSON-SAME: "tensor":"mm.weight"
// JSON-NEXT: ]}

func.func @main(%x: tensor<1024x2xf32> {quantx.stats = #quantx.tensor_stats<count = 2048, min = -1.0, max = 1.0, mean = 0.0, std = 0.57735026918962584, mad = 0.5, histogram = {range = [-1.0, 1.0], bins = dense<1> : tensor<2048xi64>}>}) -> tensor<1024x1xf32> {
  %w = arith.constant dense<[[1.0], [0.5]]> : tensor<2x1xf32>
  %z = arith.constant dense<0.0> : tensor<1024x1xf32>
  %y = linalg.matmul ins(%x, %w : tensor<1024x2xf32>, tensor<2x1xf32>) outs(%z : tensor<1024x1xf32>) -> tensor<1024x1xf32> loc("mm")
  return %y : tensor<1024x1xf32>
}
