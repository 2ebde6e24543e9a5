#include "neurona/optimizers.hpp"

#include "neurona/names.hpp"

namespace neurona {

namespace {

// An entry of the registry: an optimizer's name and how to make it with Keras's defaults.
struct Registration {
    const char* name;
    std::unique_ptr<Optimizer> (*make)();
};

template <class O>
constexpr Registration registration() {
    return {O::table.name, [] { return std::unique_ptr<Optimizer>(std::make_unique<O>()); }};
}

// The registry: one line per optimizer. A list here rather than a registration in each
// optimizer's own file, because a static library leaves out an object file that nothing
// refers to, and a self-registration in it with it.
constexpr Registration kRegistry[] = {
    registration<SGD>(),
    registration<RMSprop>(),
    registration<Adam>(),
    registration<Adagrad>(),
    registration<Adadelta>(),
    registration<Adamax>(),
    registration<Nadam>(),
    registration<Ftrl>(),
};

}  // namespace

std::vector<std::string> optimizer_names() {
    std::vector<std::string> names;
    for (const Registration& r : kRegistry) names.push_back(r.name);
    return names;
}

std::unique_ptr<Optimizer> get_optimizer(const std::string& name) {
    for (const Registration& r : kRegistry)
        if (name == r.name) return r.make();
    throw_unknown_name("optimizer", name, optimizer_names());
}

}  // namespace neurona
