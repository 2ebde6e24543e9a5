// Mistake: each image is flattened column by column (pixel (r, c) to column c * h + r).
// Diagnóstico: cada imagen se leyó por columnas: se aplana por filas, como el reshape de NumPy, y el píxel (r, c) va a la columna r * w + c
// Diagnosis: each image was read column by column: it is flattened row by row, as NumPy's reshape, and pixel (r, c) goes to column r * w + c
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;

namespace {
std::string shape(std::size_t rows, std::size_t cols) {
    return "(" + std::to_string(rows) + ", " + std::to_string(cols) + ")";
}
}  // namespace

// Row-major: element (r, c) of a (rows, cols) matrix is value number k = r * cols + c. A
// reshape keeps every value's number k and only moves the row breaks, so value k of m goes to
// (k / cols, k % cols) of the result.
Matrix reshape(const Matrix& m, std::size_t rows, std::size_t cols) {
    if (rows * cols != m.size())
        throw std::invalid_argument("reshape: cannot reshape " + m.shape() + " (" + std::to_string(m.size()) +
                                    " values) into " + shape(rows, cols));
    Matrix out(rows, cols);
    for (std::size_t k = 0; k < m.size(); ++k) out(k / cols, k % cols) = m.values()[k];
    return out;
}

// Rows become columns: out(c, r) = m(r, c). Unlike reshape, the values move.
Matrix transpose(const Matrix& m) {
    Matrix out(m.cols(), m.rows());
    for (std::size_t r = 0; r < m.rows(); ++r)
        for (std::size_t c = 0; c < m.cols(); ++c) out(c, r) = m(r, c);
    return out;
}

// One image per row: image i's pixel (r, c) goes to column r * w + c of row i, which is the
// reshape of the image to (1, h * w). Stacked, the images' values stay in their order.
Matrix flatten_images(const std::vector<Matrix>& images) {
    if (images.empty()) throw std::invalid_argument("flatten_images: no images");
    const std::size_t h = images[0].rows(), w = images[0].cols();
    Matrix batch(images.size(), h * w);
    for (std::size_t i = 0; i < images.size(); ++i) {
        const Matrix& image = images[i];
        if (!image.same_shape(images[0]))
            neurona::throw_shape_error("flatten_images", images[0], image,
                                       ": image " + std::to_string(i) + " differs from image 0");
        for (std::size_t r = 0; r < h; ++r)
            for (std::size_t c = 0; c < w; ++c) batch(i, c * h + r) = image(r, c);  // The mistake: columns first
    }
    return batch;
}

// The inverse: row i, a (1, h * w) row, reshaped to (h, w).
Matrix image_from_batch(const Matrix& batch, std::size_t i, std::size_t h, std::size_t w) {
    if (h * w != batch.cols())
        throw std::invalid_argument("image_from_batch: a batch " + batch.shape() + " does not hold images of " +
                                    shape(h, w) + " (" + std::to_string(h * w) + " values each)");
    if (i >= batch.rows())
        throw std::out_of_range("image_from_batch: image " + std::to_string(i) + " of a batch " + batch.shape());
    return reshape(batch.slice_rows(i, i + 1), h, w);
}

}  // namespace exercise
