/// @file layers.hpp
/// Every layer type, in one include: the interface is layers/layer.hpp, and each layer has its
/// own header beside it (layers/dense.hpp, ...). layers/registry.cpp makes each of them
/// constructible by name (layer_from_config), which is how load_model rebuilds them.
/// A new layer adds its header here and its line to that registry (docs/adding-a-layer.md).
#pragma once

#include "neurona/layers/activation.hpp"
#include "neurona/layers/batch_normalization.hpp"
#include "neurona/layers/conv2d.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/layers/dropout.hpp"
#include "neurona/layers/flatten.hpp"
#include "neurona/layers/layer.hpp"
#include "neurona/layers/normalization.hpp"
#include "neurona/layers/pooling.hpp"
#include "neurona/layers/reshape.hpp"
