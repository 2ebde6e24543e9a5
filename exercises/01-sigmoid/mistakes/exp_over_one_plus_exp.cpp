// Mistake: sigmoid(z) = e^z / (1 + e^z) for every z: NaN (inf / inf) at z = 100.
// Diagnóstico: sigmoid(z) da NaN para z grande: e^z / (1 + e^z) desborda a inf / inf (e^100 no cabe en un float); para z >= 0 usa 1 / (1 + e^-z)
// Diagnosis: sigmoid(z) is NaN for large z: e^z / (1 + e^z) overflows to inf / inf (e^100 does not fit in a float); for z >= 0 use 1 / (1 + e^-z)
#include <cmath>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Scalar;

/// sigma(z) = 1 / (1 + e^-z). For z < 0 the same value is e^z / (1 + e^z), which only takes
/// e of a negative number, so neither branch can overflow.
Scalar sigmoid(Scalar z) {
    // The mistake: the form for z < 0 used for every z; e^100 overflows a float to inf.
    const Scalar e = std::exp(z);
    return e / (1 + e);
}

/// sigma'(z) = sigma(z) * (1 - sigma(z)), evaluated at z.
Scalar sigmoid_derivative(Scalar z) {
    const Scalar s = sigmoid(z);
    return s * (1 - s);
}

}  // namespace exercise
