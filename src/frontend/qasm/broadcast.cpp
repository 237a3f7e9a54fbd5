#include "broadcast.hpp"

namespace qzone::qasm {

std::vector<std::vector<unsigned>> broadcast(std::size_t count,
                                             const std::function<std::vector<unsigned>(std::size_t)>& resolve,
                                             const std::function<void(std::size_t, const std::string&)>& refuse) {
    std::vector<std::vector<unsigned>> operands;
    std::size_t width = 1;
    for (std::size_t j = 0; j < count; ++j) {
        operands.push_back(resolve(j));
        if (operands[j].size() <= 1) continue;
        if (width > 1 && operands[j].size() != width)
            refuse(j, "registers of different sizes in one gate (" + std::to_string(width) + " and " +
                          std::to_string(operands[j].size()) + ")");
        width = operands[j].size();
    }
    std::vector<std::vector<unsigned>> applications(width);
    for (std::size_t i = 0; i < width; ++i)
        for (const auto& qubits : operands) applications[i].push_back(qubits.size() == 1 ? qubits[0] : qubits[i]);
    return applications;
}

} // namespace qzone::qasm
