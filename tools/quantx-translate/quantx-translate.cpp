//===- quantx-translate.cpp - the quantx translation driver ---------------===//
//
// mlir-translate with quantx's importers (`--import-onnx`) next to every
// upstream translation (`--mlir-to-llvmir` for AOT compilation).
//
//===----------------------------------------------------------------------===//

#include "quantx/InitAllDialects.h"
#ifdef QUANTX_HAVE_ONNX_IMPORT
#include "quantx/Target/ONNX/ImportONNX.h"
#endif

#include "mlir/InitAllTranslations.h"
#include "mlir/Support/LogicalResult.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::registerAllTranslations();
#ifdef QUANTX_HAVE_ONNX_IMPORT
  mlir::quantx::registerImportONNXTranslation();
#endif
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "quantx translation driver\n"));
}
