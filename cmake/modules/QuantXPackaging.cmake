# Installation and the CMake package of quantx (find_package(QuantX)).
#
# Included at the end of the top-level CMakeLists.txt, once every directory has
# been added, so that it sees every target. Nothing here names a quantx
# library: libraries are collected from the lib/ tree and executables from the
# tools/ tree, so a new library or tool is installed, exported as
# QuantX::<target> and linked into the aggregates (QuantX::QuantX, the
# mlir-opt plugin, the C API, the fuzzer) without editing this file.

include(CMakePackageConfigHelpers)
include(GNUInstallDirs)

# Appends to `out` every target defined in `dir` and its subdirectories.
function(quantx_collect_targets dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    quantx_collect_targets(${sub} subtargets)
    list(APPEND targets ${subtargets})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# Keeps the targets of `type` (a regex on the TYPE property) that are not
# marked QUANTX_NO_INSTALL and whose source directory is (`in` TRUE) or is
# not (`in` FALSE) under `dir`.
function(quantx_filter_targets targets type dir in out)
  set(result)
  foreach(t IN LISTS targets)
    get_target_property(t_type ${t} TYPE)
    get_target_property(no_install ${t} QUANTX_NO_INSTALL)
    get_target_property(t_dir ${t} SOURCE_DIR)
    string(FIND "${t_dir}/" "${dir}/" pos)
    if(pos EQUAL 0)
      set(t_in TRUE)
    else()
      set(t_in FALSE)
    endif()
    if(t_type MATCHES "${type}" AND NOT no_install AND t_in STREQUAL in)
      list(APPEND result ${t})
    endif()
  endforeach()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

# The libraries with quantx's dialects, passes and pipelines: everything under
# lib/ except the C API in lib/CAPI (which aggregates them).
set(_quantx_libs "^(STATIC|SHARED)_LIBRARY$")
quantx_collect_targets(${QUANTX_SOURCE_DIR}/lib _quantx_lib_targets)
quantx_filter_targets("${_quantx_lib_targets}" "${_quantx_libs}"
                      ${QUANTX_SOURCE_DIR}/lib/CAPI FALSE QUANTX_ALL_LIBRARIES)
quantx_filter_targets("${_quantx_lib_targets}" "${_quantx_libs}"
                      ${QUANTX_SOURCE_DIR}/lib/CAPI TRUE QUANTX_CAPI_LIBRARIES)
set_property(GLOBAL PROPERTY QUANTX_ALL_LIBRARIES ${QUANTX_ALL_LIBRARIES})

# Every installable executable and shared library (tools, the plugin) under
# tools/.
quantx_collect_targets(${QUANTX_SOURCE_DIR}/tools _quantx_tool_targets)
quantx_filter_targets("${_quantx_tool_targets}"
                      "^(EXECUTABLE|SHARED_LIBRARY|MODULE_LIBRARY)$"
                      ${QUANTX_SOURCE_DIR}/tools TRUE QUANTX_TOOL_TARGETS)

# Targets that link "every quantx library" (the plugin, the C API, the
# fuzzer) mark themselves with the QUANTX_LINK_ALL_LIBRARIES property.
foreach(t IN LISTS _quantx_tool_targets _quantx_lib_targets)
  get_target_property(link_all ${t} QUANTX_LINK_ALL_LIBRARIES)
  if(link_all)
    target_link_libraries(${t} PRIVATE ${QUANTX_ALL_LIBRARIES})
  endif()
endforeach()

# Includes for consumers of the installed libraries.
foreach(t IN LISTS QUANTX_ALL_LIBRARIES QUANTX_CAPI_LIBRARIES)
  target_include_directories(${t} INTERFACE
    $<BUILD_INTERFACE:${QUANTX_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${QUANTX_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  # Static libraries built with sanitizers need the runtime at link time.
  if(QUANTX_SANITIZER_FLAGS)
    target_link_options(${t} INTERFACE ${QUANTX_SANITIZER_FLAGS})
  endif()
endforeach()

# QuantX::QuantX: every quantx library (not the C API).
add_library(QuantX INTERFACE)
target_link_libraries(QuantX INTERFACE ${QUANTX_ALL_LIBRARIES})
target_compile_features(QuantX INTERFACE cxx_std_17)

# Installed executables and shared libraries find quantx's libraries next to
# them and libMLIR.so where the MLIR package says it is.
foreach(t IN LISTS QUANTX_TOOL_TARGETS QUANTX_CAPI_LIBRARIES)
  set_target_properties(${t} PROPERTIES
    INSTALL_RPATH "$ORIGIN/../${CMAKE_INSTALL_LIBDIR};${LLVM_LIBRARY_DIR}")
endforeach()

# add_mlir_library already installs its targets into the export set
# MLIRTargets; install the rest (plain add_library, tools) into the same set,
# which is written out below as QuantXTargets.cmake with namespace QuantX::.
get_property(_quantx_already_exported GLOBAL PROPERTY MLIR_EXPORTS)
foreach(t IN LISTS QUANTX_ALL_LIBRARIES QUANTX_CAPI_LIBRARIES
                   QUANTX_TOOL_TARGETS ITEMS QuantX)
  if(NOT t IN_LIST _quantx_already_exported)
    install(TARGETS ${t} EXPORT MLIRTargets
      RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
      LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
      ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  endif()
endforeach()

# Headers: the sources (.h, .td for projects that build on quantx's ODS) and
# the generated .inc files.
install(DIRECTORY ${QUANTX_SOURCE_DIR}/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h" PATTERN "*.td" PATTERN "*.def"
  PATTERN "CMakeLists.txt" EXCLUDE)
install(DIRECTORY ${QUANTX_BINARY_DIR}/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.inc"
  PATTERN "CMakeFiles" EXCLUDE)

set(QUANTX_INSTALL_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/quantx)
install(EXPORT MLIRTargets
  NAMESPACE QuantX::
  FILE QuantXTargets.cmake
  DESTINATION ${QUANTX_INSTALL_PACKAGE_DIR})

# The config file records which imported targets are quantx libraries (they
# get MLIR's and LLVM's include directories and definitions) and which MLIR
# the build used.
set(QUANTX_CONFIG_LIBRARIES ${QUANTX_ALL_LIBRARIES} ${QUANTX_CAPI_LIBRARIES})
set(QUANTX_CONFIG_TOOLS ${QUANTX_TOOL_TARGETS})
configure_package_config_file(
  ${QUANTX_SOURCE_DIR}/cmake/modules/QuantXConfig.cmake.in
  ${QUANTX_BINARY_DIR}/cmake/QuantXConfig.cmake
  INSTALL_DESTINATION ${QUANTX_INSTALL_PACKAGE_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_LIBDIR CMAKE_INSTALL_BINDIR)
write_basic_package_version_file(
  ${QUANTX_BINARY_DIR}/cmake/QuantXConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${QUANTX_BINARY_DIR}/cmake/QuantXConfig.cmake
  ${QUANTX_BINARY_DIR}/cmake/QuantXConfigVersion.cmake
  DESTINATION ${QUANTX_INSTALL_PACKAGE_DIR})
