/// @file optimizers.hpp
/// Gradient-descent optimizers with Keras's defaults, and the registry that makes each one
/// constructible by name. An optimizer sees only a list of (parameter, gradient) pairs; it
/// keeps its state per parameter, in list order. The interface and what every optimizer
/// shares are in optimizers/optimizer.hpp; each optimizer has its own header beside it
/// (optimizers/adam.hpp, ...).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "neurona/optimizers/adadelta.hpp"
#include "neurona/optimizers/adagrad.hpp"
#include "neurona/optimizers/adam.hpp"
#include "neurona/optimizers/adamax.hpp"
#include "neurona/optimizers/ftrl.hpp"
#include "neurona/optimizers/nadam.hpp"
#include "neurona/optimizers/optimizer.hpp"
#include "neurona/optimizers/rmsprop.hpp"
#include "neurona/optimizers/sgd.hpp"

namespace neurona {

/// The registered optimizer called `name` ("sgd", "adam", ...: optimizer_names() lists them)
/// with Keras's defaults; set() then changes any setting by name.
/// Throws std::invalid_argument listing the known names when `name` is unknown.
std::unique_ptr<Optimizer> get_optimizer(const std::string& name);

/// The known optimizer names, in the registry's order.
std::vector<std::string> optimizer_names();

}  // namespace neurona
