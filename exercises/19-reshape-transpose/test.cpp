// Exercise 19's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Matrix reshape(const neurona::Matrix& m, std::size_t rows, std::size_t cols);
neurona::Matrix transpose(const neurona::Matrix& m);
neurona::Matrix flatten_images(const std::vector<neurona::Matrix>& images);
neurona::Matrix image_from_batch(const neurona::Matrix& batch, std::size_t i, std::size_t h, std::size_t w);
}  // namespace exercise

namespace {

using exercise_testing::matches;
using exercise_testing::Mistake;
using neurona::Matrix;
using exercise_testing::Diagnosis;
using exercise_testing::mistake;

// The usual mistakes, each diagnosis in one place.
const Diagnosis kColumnMajor{
    "el reshape rellena por columnas: neurona y NumPy guardan por filas, y el valor número k va a la fila k / cols, "
    "columna k % cols",
    "the reshape fills column by column: neurona and NumPy store row by row, and value number k goes to row k / cols, "
    "column k % cols"};
const Diagnosis kShapeOnly{
    "la traspuesta solo cambia la forma y deja los valores en su orden (eso es un reshape): el elemento (r, c) tiene "
    "que moverse a (c, r)",
    "the transpose only swaps the shape and keeps the values in their order (that is a reshape): element (r, c) must "
    "move to (c, r)"};
const Diagnosis kColumnsFirst{
    "cada imagen se leyó por columnas: se aplana por filas, como el reshape de NumPy, y el píxel (r, c) va a la "
    "columna r * w + c",
    "each image was read column by column: it is flattened row by row, as NumPy's reshape, and pixel (r, c) goes to "
    "column r * w + c"};
const Diagnosis kImagesAsColumns{
    "el lote es (h * w, N), una imagen por columna: neurona quiere una imagen por fila, (N, h * w)",
    "the batch is (h * w, N), one image per column: neurona wants one image per row, (N, h * w)"};


// The mistakes' values, computed by the test.
// Value number k of m written to (k % rows, k / rows): the new matrix filled column by column.
Matrix filled_by_columns(const Matrix& m, std::size_t rows, std::size_t cols) {
    Matrix out(rows, cols);
    for (std::size_t k = 0; k < m.size(); ++k) out(k % rows, k / rows) = m.values()[k];
    return out;
}
// NumPy's order='F': read column by column and write column by column.
Matrix fortran_order(const Matrix& m, std::size_t rows, std::size_t cols) {
    return filled_by_columns(m.T().reshape(1, m.size()), rows, cols);
}
std::vector<Mistake> reshape_mistakes(const Matrix& m, std::size_t rows, std::size_t cols) {
    return {mistake(filled_by_columns(m, rows, cols), kColumnMajor), mistake(fortran_order(m, rows, cols), kColumnMajor)};
}

// The batch with each image read column by column, and the batch with one image per column.
Matrix batch_columns_first(const std::vector<Matrix>& images) {
    std::vector<neurona::Scalar> values;
    for (const Matrix& image : images) {
        const Matrix t = image.T();
        values.insert(values.end(), t.values().begin(), t.values().end());
    }
    return Matrix(images.size(), images[0].size(), values);
}
std::vector<Mistake> flatten_mistakes(const std::vector<Matrix>& images, const Matrix& right) {
    return {mistake(batch_columns_first(images), kColumnsFirst), mistake(right.T(), kImagesAsColumns)};
}

// The chapter's (4, 2) matrix of 0..7.
const Matrix kX{{0, 1}, {2, 3}, {4, 5}, {6, 7}};

// Runs f, which must throw E; returns its message ("" when nothing or something else is thrown).
template <class E, class F>
std::string message_of(const F& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    } catch (...) {
    }
    return "";
}

TEST(Reshape, TheExampleOfTheChapter) {
    // The same eight values, only the row breaks move: (8, 1) and (2, 4).
    EXPECT_TRUE(matches(exercise::reshape(kX, 8, 1), Matrix::column_vector({0, 1, 2, 3, 4, 5, 6, 7}),
                        reshape_mistakes(kX, 8, 1)));
    EXPECT_TRUE(matches(exercise::reshape(kX, 2, 4), Matrix{{0, 1, 2, 3}, {4, 5, 6, 7}}, reshape_mistakes(kX, 2, 4)));
    EXPECT_TRUE(matches(exercise::reshape(kX, 1, 8), Matrix{{0, 1, 2, 3, 4, 5, 6, 7}}, reshape_mistakes(kX, 1, 8)));
}

TEST(Reshape, MatchesTheLibrary) {
    neurona::Rng rng(1);
    const Matrix m = rng.uniform_matrix(3, 4, -1, 1);
    for (const auto& [rows, cols] :
         {std::pair<std::size_t, std::size_t>{2, 6}, {6, 2}, {4, 3}, {12, 1}, {1, 12}, {3, 4}})
        EXPECT_TRUE(matches(exercise::reshape(m, rows, cols), m.reshape(rows, cols), reshape_mistakes(m, rows, cols)))
            << "(3, 4) -> (" << rows << ", " << cols << ")";
}

TEST(Reshape, WrongSizeThrowsNamingBothShapes) {
    const Matrix x24 = kX.reshape(2, 4);
    EXPECT_THROW(exercise::reshape(x24, 3, 3), std::invalid_argument) << "8 values cannot fill (3, 3)";
    const std::string what = message_of<std::invalid_argument>([&] { exercise::reshape(x24, 3, 3); });
    EXPECT_NE(what.find("(2, 4)"), std::string::npos) << "the message names the shape (2, 4): \"" << what << "\"";
    EXPECT_NE(what.find("(3, 3)"), std::string::npos) << "the message names the shape (3, 3): \"" << what << "\"";
    EXPECT_THROW(exercise::reshape(x24, 8, 2), std::invalid_argument) << "8 values cannot fill (8, 2)";
}

TEST(Transpose, TheExampleOfTheChapter) {
    // Row 0 of the transpose is column 0 of the original: 0 2 4 6.
    EXPECT_TRUE(matches(exercise::transpose(kX), Matrix{{0, 2, 4, 6}, {1, 3, 5, 7}},
                        {mistake(kX.reshape(2, 4), kShapeOnly)}));
}

TEST(Transpose, MatchesTheLibrary) {
    neurona::Rng rng(2);
    for (const auto& [rows, cols] : {std::pair<std::size_t, std::size_t>{3, 5}, {5, 3}, {1, 4}, {4, 1}, {2, 2}}) {
        const Matrix m = rng.uniform_matrix(rows, cols, -1, 1);
        EXPECT_TRUE(matches(exercise::transpose(m), m.T(), {mistake(m.reshape(cols, rows), kShapeOnly)}))
            << "a (" << rows << ", " << cols << ") matrix";
    }
}

TEST(Transpose, TwiceGivesTheMatrixBack) {
    neurona::Rng rng(3);
    const Matrix m = rng.uniform_matrix(3, 7, -1, 1);
    EXPECT_TRUE(matches(exercise::transpose(exercise::transpose(m)), m));
}

TEST(FlattenImages, TwoSmallImagesByHand) {
    // Two (2, 3) images: each becomes one row of 6, row 0 of the image first.
    const std::vector<Matrix> images = {Matrix{{1, 2, 3}, {4, 5, 6}}, Matrix{{7, 8, 9}, {10, 11, 12}}};
    const Matrix expected{{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}};
    EXPECT_TRUE(matches(exercise::flatten_images(images), expected, flatten_mistakes(images, expected)));
}

// Three 28 x 28 images: the chapter's vertical bar, and two of random pixels.
std::vector<Matrix> mnist_shaped_images() {
    Matrix bar(28, 28, 0);
    for (std::size_t r = 4; r < 24; ++r) bar(r, 13) = bar(r, 14) = 1;
    neurona::Rng rng(4);
    return {bar, rng.uniform_matrix(28, 28, 0, 1), rng.uniform_matrix(28, 28, 0, 1)};
}

TEST(FlattenImages, ImagesOfMNISTSizeMatchTheLibrary) {
    const std::vector<Matrix> images = mnist_shaped_images();
    std::vector<neurona::Scalar> rows;
    for (const Matrix& image : images) {
        const Matrix flat = image.reshape(1, 28 * 28);
        rows.insert(rows.end(), flat.values().begin(), flat.values().end());
    }
    const Matrix expected(3, 784, rows);
    const Matrix batch = exercise::flatten_images(images);
    EXPECT_TRUE(matches(batch, expected, flatten_mistakes(images, expected)));
    // The chapter's check: pixel (10, 14) lands in column 10 * 28 + 14 = 294.
    ASSERT_EQ(batch.shape(), "(3, 784)");
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(batch(i, 294), images[i](10, 14)) << "image " << i;
}

TEST(FlattenImages, DifferentShapesThrowNamingBoth) {
    const std::vector<Matrix> images = {Matrix(28, 28), Matrix(28, 28), Matrix(28, 27)};
    EXPECT_THROW(exercise::flatten_images(images), std::invalid_argument);
    const std::string what = message_of<std::invalid_argument>([&] { exercise::flatten_images(images); });
    EXPECT_NE(what.find("(28, 28)"), std::string::npos) << "the message names the shape (28, 28): \"" << what << "\"";
    EXPECT_NE(what.find("(28, 27)"), std::string::npos) << "the message names the shape (28, 27): \"" << what << "\"";
}

TEST(FlattenImages, NoImagesThrows) {
    EXPECT_THROW(exercise::flatten_images({}), std::invalid_argument);
}

TEST(ImageFromBatch, GivesEachImageBack) {
    const std::vector<Matrix> images = mnist_shaped_images();
    // The batch built by the library, so that this checks image_from_batch alone.
    std::vector<neurona::Scalar> rows;
    for (const Matrix& image : images) rows.insert(rows.end(), image.values().begin(), image.values().end());
    const Matrix batch(3, 784, rows);
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_TRUE(exercise_testing::matches(exercise::image_from_batch(batch, i, 28, 28), images[i],
                            reshape_mistakes(batch.slice_rows(i, i + 1), 28, 28)))
            << "image " << i;
    // A (2, 3) image from a small batch, by hand.
    EXPECT_TRUE(matches(exercise::image_from_batch(Matrix{{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}}, 1, 2, 3),
                        Matrix{{7, 8, 9}, {10, 11, 12}}));
}

TEST(ImageFromBatch, BadArgumentsThrow) {
    const Matrix batch(3, 784);
    EXPECT_THROW(exercise::image_from_batch(batch, 0, 28, 27), std::invalid_argument) << "28 * 27 != 784";
    const std::string what = message_of<std::invalid_argument>([&] { exercise::image_from_batch(batch, 0, 28, 27); });
    EXPECT_NE(what.find("(3, 784)"), std::string::npos) << "the message names the batch's shape: \"" << what << "\"";
    EXPECT_NE(what.find("(28, 27)"), std::string::npos) << "the message names the image's shape: \"" << what << "\"";
    EXPECT_THROW(exercise::image_from_batch(batch, 3, 28, 28), std::out_of_range) << "image 3 of 3";
}

}  // namespace
