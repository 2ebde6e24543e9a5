/// @file param.hpp
/// Param: what an optimizer sees of a model, one trainable matrix and its gradient. Its own
/// header, so that the optimizers need not include the layers (layers/layer.hpp includes it).
#pragma once

#include <string>

#include "neurona/matrix.hpp"

namespace neurona {

/// A trainable parameter and its gradient (filled by backward), same shape.
struct Param {
    std::string name;  ///< "W" / "b", for gradient-check reports
    Matrix* value;  ///< The layer's weights (not owned).
    Matrix* grad;   ///< Its gradient dL/dvalue, same shape (not owned).
};

}  // namespace neurona
