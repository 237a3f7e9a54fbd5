// libFuzzer target: any bytes given to the OpenQASM reader either parse or
// raise qzone::QasmError; anything else (a crash, a sanitizer report, another
// exception, a hang) is a bug.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <runtime/qasm.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        qzone::parse_qasm(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.qasm");
    } catch (const qzone::QasmError&) {
        // The expected way to reject a program.
    }
    return 0;
}
