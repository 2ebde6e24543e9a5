// Mistake: the scale divided by n - 1 (the sample standard deviation) instead of n.
// Diagnóstico: la escala es la desviación típica muestral (dividida entre n - 1); StandardScaler usa la poblacional, dividida entre n
// Diagnosis: the scale is the sample standard deviation (divided by n - 1); StandardScaler uses the population one, divided by n
#include <cmath>
#include <stdexcept>
#include <utility>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// mean_j = (1/n) sum_i x_ij;  scale_j = sqrt((1/n) sum_i (x_ij - mean_j)^2), or 1 when 0.
std::pair<Matrix, Matrix> standard_scaler_fit(const Matrix& X) {
    if (X.rows() == 0) throw std::invalid_argument("standard_scaler_fit: X " + X.shape() + " has no rows");
    const double n = static_cast<double>(X.rows());
    Matrix mean(1, X.cols()), scale(1, X.cols());
    for (std::size_t c = 0; c < X.cols(); ++c) {
        double sum = 0;
        for (std::size_t r = 0; r < X.rows(); ++r) sum += X(r, c);
        const double m = sum / n;
        double squares = 0;
        for (std::size_t r = 0; r < X.rows(); ++r) squares += (X(r, c) - m) * (X(r, c) - m);
        // The mistake: n - 1, the sample standard deviation (pandas' .std(), NumPy's ddof=1).
        const double sd = std::sqrt(squares / (n - 1));
        mean(0, c) = static_cast<Scalar>(m);
        scale(0, c) = sd > 0 ? static_cast<Scalar>(sd) : Scalar(1);
    }
    return {mean, scale};
}

/// z = (x - mean) / scale; mean and scale are (1, features) rows, broadcast over X's rows.
Matrix standard_scaler_transform(const Matrix& X, const Matrix& mean, const Matrix& scale) {
    if (mean.rows() != 1 || mean.cols() != X.cols())
        neurona::throw_shape_error("standard_scaler_transform: X and mean", X, mean);
    if (!scale.same_shape(mean)) neurona::throw_shape_error("standard_scaler_transform: mean and scale", mean, scale);
    return (X - mean) / scale;
}

}  // namespace exercise
