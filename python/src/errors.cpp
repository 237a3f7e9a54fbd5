// C++ exceptions as Python ones: each qzone::Error becomes the class of
// qzone.errors that names its kind (a QasmError its own subclass), so
// Python code catches qzone.Error, qzone.InputError, ... as C++ code
// catches qzone::Error. Every rank raises the same one where the C++ API
// agreed on it.

#include <new>
#include <string>

#include <runtime/errors.hpp>
#include <runtime/qasm.hpp>

#include "bindings.hpp"

namespace qzone::python {
namespace {

/// The class of qzone.errors for `kind`.
const char* class_of(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::input: return "InputError";
    case ErrorKind::resource: return "ResourceError";
    case ErrorKind::io: return "IoError";
    case ErrorKind::mpi: return "MpiError";
    case ErrorKind::internal: return "InternalError";
    case ErrorKind::interrupted: return "RunInterrupted";
    }
    return "Error";
}

void raise(const char* name, const char* message) {
    const nb::object errors = nb::module_::import_("qzone.errors");
    PyErr_SetString(errors.attr(name).ptr(), message);
}

} // namespace

void bind_errors(nb::module_&) {
    nb::register_exception_translator([](const std::exception_ptr& failure, void*) {
        try {
            std::rethrow_exception(failure);
        } catch (const QasmError& error) {
            raise("QasmError", error.what());
        } catch (const Error& error) {
            raise(class_of(error.kind()), error.what());
        } catch (const std::bad_alloc&) {
            raise("ResourceError", "out of memory (std::bad_alloc)");
        }
    });
}

} // namespace qzone::python
