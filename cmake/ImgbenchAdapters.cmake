# One adapter = one folder under adapters/ that calls imgbench_add_adapter().
# Each adapter is optional: IMGBENCH_WITH_<NAME> (default ON) builds it when its library is found.

# imgbench_adapter_option(<name>) -> defines IMGBENCH_WITH_<NAME>; returns the upper-case option name.
macro(imgbench_adapter_option name)
  string(TOUPPER "${name}" _upper)
  option(IMGBENCH_WITH_${_upper} "Build the ${name} adapter when its library is found" ON)
  set(_imgbench_option IMGBENCH_WITH_${_upper})
endmacro()

# Reports a missing library: an error when the scripts demand every adapter, a notice otherwise.
function(imgbench_adapter_missing name what)
  if(IMGBENCH_REQUIRE_ADAPTERS)
    message(FATAL_ERROR "adapter '${name}': ${what} not found (IMGBENCH_REQUIRE_ADAPTERS=ON)")
  endif()
  message(STATUS "adapter '${name}': ${what} not found, adapter skipped")
endfunction()

# imgbench_add_adapter(NAME n SOURCES ... [LIBRARIES ...])
# The adapter source defines `std::unique_ptr<Adapter> make_<n>_adapter(const AdapterConfig&)`.
function(imgbench_add_adapter)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBRARIES" ${ARGN})
  set(target imgbench_adapter_${ARG_NAME})
  add_library(${target} STATIC ${ARG_SOURCES})
  target_link_libraries(${target} PUBLIC imgbench_adapter_api PRIVATE ${ARG_LIBRARIES} imgbench_warnings)
  set_property(GLOBAL APPEND PROPERTY IMGBENCH_ADAPTERS ${ARG_NAME})
  message(STATUS "adapter '${ARG_NAME}': built")
endfunction()

# Writes the registry source listing every adapter that was added, in the order added.
function(imgbench_write_adapter_registry output)
  get_property(names GLOBAL PROPERTY IMGBENCH_ADAPTERS)
  set(declarations "")
  set(entries "")
  foreach(name IN LISTS names)
    string(APPEND declarations "std::unique_ptr<Adapter> make_${name}_adapter(const AdapterConfig&);\n")
    string(APPEND entries "      {\"${name}\", &make_${name}_adapter},\n")
  endforeach()
  configure_file("${CMAKE_SOURCE_DIR}/adapters/registry_list.cpp.in" "${output}" @ONLY)
endfunction()

# The common case: a library found with pkg-config.
# imgbench_add_pkg_config_adapter(NAME n MODULE pkg-config-module PACKAGE debian-package SOURCES ...)
function(imgbench_add_pkg_config_adapter)
  cmake_parse_arguments(ARG "" "NAME;MODULE;PACKAGE" "SOURCES" ${ARGN})
  imgbench_adapter_option(${ARG_NAME})
  if(NOT ${_imgbench_option})
    return()
  endif()
  string(TOUPPER "${ARG_NAME}" prefix)
  pkg_check_modules(${prefix}_PC IMPORTED_TARGET ${ARG_MODULE})
  if(${prefix}_PC_FOUND)
    imgbench_add_adapter(NAME ${ARG_NAME} SOURCES ${ARG_SOURCES}
                         LIBRARIES PkgConfig::${prefix}_PC imgbench_reference)
    set(${prefix}_PC_VERSION "${${prefix}_PC_VERSION}" PARENT_SCOPE)
  else()
    imgbench_adapter_missing(${ARG_NAME} "${ARG_MODULE} (${ARG_PACKAGE})")
  endif()
endfunction()
