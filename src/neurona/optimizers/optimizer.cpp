#include "neurona/optimizers/optimizer.hpp"

#include <stdexcept>

#include "neurona/names.hpp"

namespace neurona {

namespace {
// Makes each slot matrix at the first step, of its parameter's shape, filled with `initial`;
// at every later step checks that the list of parameters is still the one the slots were made for.
void ensure_slot(const Optimizer& optimizer, const Slot& slot, const std::vector<Param>& params) {
    std::vector<Matrix>& matrices = *slot.matrices;
    if (matrices.empty()) {
        for (const Param& p : params)
            matrices.emplace_back(p.value->rows(), p.value->cols(), static_cast<Scalar>(slot.initial));
        return;
    }
    if (matrices.size() != params.size())
        throw std::invalid_argument(optimizer.name() + ": got " + std::to_string(params.size()) +
                                    " parameters, but the optimizer was used with " + std::to_string(matrices.size()));
    for (std::size_t i = 0; i < params.size(); ++i)
        if (!matrices[i].same_shape(*params[i].value))
            throw_shape_error(optimizer.name() + ": parameter " + std::to_string(i) + " (" + params[i].name + ")",
                              *params[i].value, matrices[i], " (the shape changed since the last step)");
}
}  // namespace

void Optimizer::update(const std::vector<Param>& params) {
    for (const Param& p : params)
        if (!p.grad->same_shape(*p.value))
            throw_shape_error(name() + ": parameter " + p.name + " and its gradient", *p.value, *p.grad);
    for (const Slot& slot : state().slots) ensure_slot(*this, slot, params);
    ++iterations;
    step(params);
}

double Optimizer::get(const std::string& setting) const {
    for (const SettingValue& s : settings())
        if (s.name == setting) return s.value;
    throw_unknown_setting(*this, setting);
}

std::string Optimizer::description() const {
    std::string text = class_name() + "(";
    for (const SettingValue& s : settings()) {
        if (text.back() != '(') text += ", ";
        text += s.name + "=" + (s.flag ? (s.value != 0 ? "true" : "false") : number_text(s.value));
    }
    return text + ")";
}

void check_setting(const std::string& optimizer, const std::string& setting, double value, const Range& range,
                   bool flag) {
    if (flag) {
        if (value != 0 && value != 1)
            throw std::invalid_argument(optimizer + ": " + setting + " must be 0 or 1, got " + number_text(value));
        return;
    }
    const bool above = range.includes_low ? value >= range.low : value > range.low;
    const bool below = range.includes_high ? value <= range.high : value < range.high;
    if (!above || !below)
        throw std::invalid_argument(optimizer + ": " + setting + " must be in " + (range.includes_low ? "[" : "(") +
                                    number_text(range.low) + ", " + number_text(range.high) +
                                    (range.includes_high ? "]" : ")") + ", got " + number_text(value));
}

void throw_unknown_setting(const Optimizer& optimizer, const std::string& setting) {
    std::vector<std::string> known;
    for (const SettingValue& s : optimizer.settings()) known.push_back(s.name);
    throw_unknown_name(optimizer.class_name() + " setting", setting, known);
}

}  // namespace neurona
