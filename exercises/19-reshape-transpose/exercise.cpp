// Exercise 19: reshape, transpose and flatten, by hand. See README.md;
// run `make exercise N=19`.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;

/// m's values in a (rows, cols) shape, in the same row-major order (as NumPy's reshape): read
/// left to right and top to bottom, both matrices give the same sequence.
/// Throws std::invalid_argument, naming both shapes, when rows * cols != m.size().
Matrix reshape(const Matrix& m, std::size_t rows, std::size_t cols) {
    return Matrix();  // TODO
}

/// The transpose of m: element (r, c) moves to (c, r), so (rows, cols) becomes (cols, rows).
Matrix transpose(const Matrix& m) {
    return Matrix();  // TODO
}

/// N images, each (h, w), as one (N, h * w) batch: row i holds image i flattened row by row,
/// its pixel (r, c) in column r * w + c. Throws std::invalid_argument for an empty list, and
/// (naming both shapes) when an image's shape differs from the first image's.
Matrix flatten_images(const std::vector<Matrix>& images) {
    return Matrix();  // TODO
}

/// Image i of a flattened (N, h * w) batch, back as an (h, w) matrix. Throws
/// std::invalid_argument, naming the batch's shape and (h, w), when h * w != batch.cols(), and
/// std::out_of_range when i >= N.
Matrix image_from_batch(const Matrix& batch, std::size_t i, std::size_t h, std::size_t w) {
    return Matrix();  // TODO
}

}  // namespace exercise
