#pragma once
// A RuntimeView that Python code can close before the interpreter exits.

#include <optional>
#include <utility>

#include <runtime/runtime_view.hpp>

namespace qzone::python {

class RuntimeHolder {
public:
    explicit RuntimeHolder(RuntimeView view) : view_(std::move(view)) {}
    /// @throw qzone::InputError once closed.
    const RuntimeView& view() const;
    bool is_open() const noexcept { return view_.has_value(); }
    void close() noexcept { view_.reset(); }

private:
    std::optional<RuntimeView> view_;
};

} // namespace qzone::python
