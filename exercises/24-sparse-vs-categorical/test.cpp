// Exercise 24's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/diagnose.hpp"
#include "common/numerical.hpp"
#include "neurona/activations.hpp"
#include "neurona/data/preprocessing.hpp"
#include "neurona/losses.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Matrix to_categorical(const neurona::Matrix& y, std::size_t num_classes);
neurona::Scalar categorical_crossentropy(const neurona::Matrix& Y, const neurona::Matrix& P);
neurona::Matrix categorical_crossentropy_gradient(const neurona::Matrix& Y, const neurona::Matrix& P);
neurona::Scalar sparse_categorical_crossentropy(const neurona::Matrix& y, const neurona::Matrix& P);
neurona::Matrix sparse_categorical_crossentropy_gradient(const neurona::Matrix& y, const neurona::Matrix& P);
}  // namespace exercise

namespace {

using exercise_testing::Mistake;
using exercise_testing::ScalarMistake;
using neurona::Matrix;
using neurona::Scalar;

// The usual mistakes, each named once, in Spanish and English.
using exercise_testing::Diagnosis;
const Diagnosis kLabelMinusOne{"la clase y quedó en la columna y - 1: las clases empiezan en 0, y la clase y va en "
                           "la columna y",
                           "class y went into column y - 1: classes start at 0, and class y goes in column y"};
const Diagnosis kPredictedColumn{"se tomó -log de la probabilidad más alta (la clase predicha), no de la clase "
                             "verdadera y",
                             "the loss took -log of the largest probability (the predicted class), not of the "
                             "true class y"};
const Diagnosis kMeanOverEveryElement{"la suma se dividió entre lote · clases (la media de todos los elementos, como "
                                  "en el MSE); la entropía cruzada es una media solo sobre las muestras",
                                  "the sum was divided by batch · classes (a mean over every element, as in MSE); "
                                  "the cross-entropy is a mean over the samples only"};
const Diagnosis kMeanOverClasses{"la suma se dividió entre el número de clases; la entropía cruzada es una media "
                             "sobre las muestras del lote",
                             "the sum was divided by the number of classes; the cross-entropy is a mean over the "
                             "samples of the batch"};
const Diagnosis kLog10{"se usó log10 en lugar del logaritmo natural: la pérdida sale dividida entre ln 10 = 2.303",
                   "log10 was used instead of the natural log: the loss comes out divided by ln 10 = 2.303"};
const Diagnosis kNoClip{"las probabilidades no se recortaron a [1e-7, 1 - 1e-7] como en Keras",
                    "the probabilities were not clipped to [1e-7, 1 - 1e-7] as Keras does"};
const Diagnosis kGradientInClip{"el gradiente no es 0 donde P se recortó: ahí la pérdida no cambia al mover P",
                            "the gradient is not 0 where P was clipped: there the loss does not change when P moves"};

Mistake matrix_mistake(const Matrix& value, const Diagnosis& w) { return {value, w.es, w.en}; }
ScalarMistake scalar_mistake(double value, const Diagnosis& w) { return {value, w.es, w.en}; }

// The gradient check's tolerance, relative to the gradient's size: float rounding gives about
// 1e-6, the usual mistakes 0.5 or more.
constexpr double kTolerance = 1e-4;

// One-hot rows built here, for the expected values and the mistakes.
Matrix one_hot(const std::vector<int>& columns, std::size_t classes) {
    Matrix Y(columns.size(), classes);
    for (std::size_t r = 0; r < columns.size(); ++r) Y(r, std::size_t(columns[r])) = 1;
    return Y;
}

// -ln(P(r, c_r)) summed over the rows, for the columns c given: the sum of the loss terms.
double sum_of_minus_log(const Matrix& P, const std::vector<std::size_t>& columns) {
    double s = 0;
    for (std::size_t r = 0; r < P.rows(); ++r) s -= std::log(double(P(r, columns[r])));
    return s;
}

std::vector<std::size_t> labels_of(const Matrix& y) {
    std::vector<std::size_t> c;
    for (Scalar v : y.values()) c.push_back(std::size_t(v));
    return c;
}

// The usual wrong values of the loss for labels y and probabilities P (nothing clipped).
std::vector<ScalarMistake> loss_mistakes(const Matrix& y, const Matrix& P) {
    const double sum = sum_of_minus_log(P, labels_of(y)), batch = double(P.rows()), classes = double(P.cols());
    return {scalar_mistake(sum_of_minus_log(P, P.argmax()) / batch, kPredictedColumn),
            scalar_mistake(sum / (batch * classes), kMeanOverEveryElement),
            scalar_mistake(sum / classes, kMeanOverClasses), scalar_mistake(sum / batch / std::log(10.0), kLog10)};
}

// The usual wrong gradients: -1/p/divisor at the column c of each row.
Matrix minus_inverse_at(const Matrix& P, const std::vector<std::size_t>& columns, double divisor) {
    Matrix G(P.rows(), P.cols());
    for (std::size_t r = 0; r < P.rows(); ++r) G(r, columns[r]) = Scalar(-1 / (double(P(r, columns[r])) * divisor));
    return G;
}

std::vector<Mistake> gradient_mistakes(const Matrix& y, const Matrix& P) {
    const double batch = double(P.rows()), classes = double(P.cols());
    return {matrix_mistake(minus_inverse_at(P, P.argmax(), batch), kPredictedColumn),
            matrix_mistake(minus_inverse_at(P, labels_of(y), batch * classes), kMeanOverEveryElement),
            matrix_mistake(minus_inverse_at(P, labels_of(y), classes), kMeanOverClasses)};
}

// Two samples of three classes: sample 0 is class 0 with p = 0.7, sample 1 class 2 with
// p = 0.3 (its predicted class is 1, p = 0.6).
const Matrix kP{{0.7f, 0.2f, 0.1f}, {0.1f, 0.6f, 0.3f}};
const Matrix ky{{0}, {2}};

TEST(ToCategorical, ClassNumbersStartAtZero) {
    // Classes 1, 3, 2 of 4: columns 1, 3, 2.
    const Matrix y{{1}, {3}, {2}};
    EXPECT_TRUE(exercise_testing::matches(exercise::to_categorical(y, 4), one_hot({1, 3, 2}, 4),
                                          {matrix_mistake(one_hot({0, 2, 1}, 4), kLabelMinusOne)}));
}

TEST(ToCategorical, HandComputed) {
    // The first MNIST labels of chapter 3.6: 5, 0, 4.
    EXPECT_TRUE(exercise_testing::matches(exercise::to_categorical(Matrix{{5}, {0}, {4}}, 10), one_hot({5, 0, 4}, 10)));
}

TEST(ToCategorical, NumClassesZeroMeansTheLargestLabelPlusOne) {
    EXPECT_TRUE(exercise_testing::matches(exercise::to_categorical(Matrix{{2}, {0}, {1}, {2}}, 0),
                                          one_hot({2, 0, 1, 2}, 3)));
}

TEST(ToCategorical, MatchesTheLibrary) {
    neurona::Rng rng(1);
    Matrix y(50, 1);
    for (std::size_t i = 0; i < 50; ++i) y(i, 0) = Scalar(rng.below(10));
    EXPECT_TRUE(exercise_testing::matches(exercise::to_categorical(y, 10), neurona::to_categorical(y, 10)));
}

TEST(ToCategorical, RejectsLabelsThatAreNotClassNumbers) {
    EXPECT_THROW(exercise::to_categorical(Matrix{{0}, {3}}, 3), std::invalid_argument) << "3 with 3 classes (0, 1, 2)";
    EXPECT_THROW(exercise::to_categorical(Matrix{{1.5f}}, 3), std::invalid_argument) << "1.5";
    EXPECT_THROW(exercise::to_categorical(Matrix{{-1}}, 3), std::invalid_argument) << "-1";
    EXPECT_THROW(exercise::to_categorical(Matrix{{0, 1}}, 3), std::invalid_argument) << "two columns";
}

TEST(CategoricalCrossentropy, HandComputed) {
    // (-ln 0.7 - ln 0.3) / 2 = (0.356675 + 1.203973) / 2.
    const double expected = (-std::log(0.7) - std::log(0.3)) / 2;
    EXPECT_TRUE(exercise_testing::near(exercise::categorical_crossentropy(one_hot({0, 2}, 3), kP), expected, 1e-6,
                                       loss_mistakes(ky, kP)));
}

TEST(SparseCategoricalCrossentropy, HandComputed) {
    const double expected = (-std::log(0.7) - std::log(0.3)) / 2;
    EXPECT_TRUE(
        exercise_testing::near(exercise::sparse_categorical_crossentropy(ky, kP), expected, 1e-6, loss_mistakes(ky, kP)));
}

TEST(SparseCategoricalCrossentropy, GradientHandComputed) {
    // Only the true class's column: -1 / 0.7 / 2 in row 0, -1 / 0.3 / 2 in row 1.
    const Matrix expected{{Scalar(-1 / 0.7 / 2), 0, 0}, {0, 0, Scalar(-1 / 0.3 / 2)}};
    EXPECT_TRUE(exercise_testing::matches(exercise::sparse_categorical_crossentropy_gradient(ky, kP), expected,
                                          gradient_mistakes(ky, kP)));
    EXPECT_TRUE(exercise_testing::matches(exercise::categorical_crossentropy_gradient(one_hot({0, 2}, 3), kP),
                                          expected, gradient_mistakes(ky, kP)))
        << "the categorical gradient";
}

// A batch of softmax outputs: 6 samples, 4 classes, and their labels.
struct Batch {
    Matrix Z, P, y;
};

Batch softmax_batch(std::uint64_t seed) {
    neurona::Rng rng(seed);
    Batch b{rng.normal_matrix(6, 4, 0, 1.5), Matrix(), Matrix(6, 1)};
    b.P = neurona::get_activation("softmax").forward(b.Z);
    for (std::size_t i = 0; i < 6; ++i) b.y(i, 0) = Scalar(rng.below(4));
    return b;
}

TEST(BothLosses, GiveTheSameLossAndGradientForTheSamePredictions) {
    for (std::uint64_t seed : {1, 2, 3}) {
        const Batch b = softmax_batch(seed);
        const Matrix Y = neurona::to_categorical(b.y, 4);  // the library's one-hot rows
        const double expected = neurona::sparse_categorical_crossentropy(b.y, b.P);
        EXPECT_TRUE(exercise_testing::near(exercise::sparse_categorical_crossentropy(b.y, b.P), expected, 1e-5,
                                           loss_mistakes(b.y, b.P)))
            << "sparse, seed " << seed;
        EXPECT_TRUE(exercise_testing::near(exercise::categorical_crossentropy(Y, b.P), expected, 1e-5,
                                           loss_mistakes(b.y, b.P)))
            << "categorical, seed " << seed;
        EXPECT_TRUE(exercise_testing::matches(exercise::sparse_categorical_crossentropy_gradient(b.y, b.P),
                                              exercise::categorical_crossentropy_gradient(Y, b.P),
                                              gradient_mistakes(b.y, b.P)))
            << "the sparse gradient (got) and the categorical one (expected), seed " << seed;
    }
}

TEST(BothLosses, MatchTheLibraryOnUntrainedPredictions) {
    // As chapter 3.6's untrained network: the probability spread about evenly over 10 classes,
    // so the loss is close to ln 10 = 2.30.
    neurona::Rng rng(4);
    const Matrix P = neurona::get_activation("softmax").forward(rng.normal_matrix(100, 10, 0, 0.1));
    Matrix y(100, 1);
    for (std::size_t i = 0; i < 100; ++i) y(i, 0) = Scalar(rng.below(10));
    const double expected = neurona::categorical_crossentropy(neurona::to_categorical(y, 10), P);
    EXPECT_NEAR(expected, std::log(10.0), 0.05);
    EXPECT_TRUE(exercise_testing::near(exercise::categorical_crossentropy(neurona::to_categorical(y, 10), P), expected,
                                       1e-5, loss_mistakes(y, P)));
    EXPECT_TRUE(exercise_testing::near(exercise::sparse_categorical_crossentropy(y, P), expected, 1e-5,
                                       loss_mistakes(y, P)));
}

// The loss in double for the central differences: p holds P's values, row-major.
double loss_of(const std::vector<double>& p, const Matrix& y, std::size_t classes) {
    double s = 0;
    for (std::size_t r = 0; r < y.rows(); ++r) s -= std::log(p[r * classes + std::size_t(y(r, 0))]);
    return s / double(y.rows());
}

TEST(BothGradients, MatchCentralDifferences) {
    const Batch b = softmax_batch(5);
    const Matrix numerical = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& p) { return loss_of(p, b.y, 4); }, b.P, 1e-7);
    const Matrix sparse = exercise::sparse_categorical_crossentropy_gradient(b.y, b.P);
    const Matrix categorical = exercise::categorical_crossentropy_gradient(neurona::to_categorical(b.y, 4), b.P);
    EXPECT_LT(exercise_testing::relative_error(sparse, numerical), kTolerance)
        << "sparse\n" << exercise_testing::matches(sparse, numerical, gradient_mistakes(b.y, b.P), 1e-4, 1e-6).message();
    EXPECT_LT(exercise_testing::relative_error(categorical, numerical), kTolerance)
        << "categorical\n"
        << exercise_testing::matches(categorical, numerical, gradient_mistakes(b.y, b.P), 1e-4, 1e-6).message();
}

TEST(BothGradients, ThroughSoftmaxGivePMinusYOverBatch) {
    // Softmax's backward turns dL/dP into dL/dZ = (P - Y) / batch (exercise 08), for your
    // gradients as for the library's.
    const Batch b = softmax_batch(6);
    const Matrix Y = neurona::to_categorical(b.y, 4);
    const auto& softmax = neurona::get_activation("softmax");
    const Matrix expected = (b.P - Y) / Scalar(6);
    const Matrix library = softmax.backward(b.Z, b.P, neurona::sparse_categorical_crossentropy_gradient(b.y, b.P));
    ASSERT_TRUE(exercise_testing::close(library, expected, 1e-4, 1e-6));
    for (const auto& [name, dP] :
         {std::pair<const char*, Matrix>{"sparse", exercise::sparse_categorical_crossentropy_gradient(b.y, b.P)},
          {"categorical", exercise::categorical_crossentropy_gradient(Y, b.P)}}) {
        ASSERT_TRUE(dP.same_shape(b.P)) << name << ": dL/dP is " << dP.shape() << ", expected " << b.P.shape();
        EXPECT_TRUE(exercise_testing::matches(softmax.backward(b.Z, b.P, dP), expected, {}, 1e-4, 1e-6)) << name;
    }
}

TEST(BothLosses, StayFiniteForPredictionsOfZeroAndOne) {
    // Keras clips P to [1e-7, 1 - 1e-7]. The true class predicted with probability 0:
    // -ln(1e-7) = 16.118, finite. Exactly 1: -ln(1 - 1e-7), about 1e-7. Mean of the two rows.
    const Matrix P{{0, 1, 0}, {0, 0, 1}}, y{{0}, {2}};
    const double clipped_one = -std::log(double(1 - neurona::kEpsilon));
    const double expected = (-std::log(double(neurona::kEpsilon)) + clipped_one) / 2;
    for (double got : {double(exercise::sparse_categorical_crossentropy(y, P)),
                       double(exercise::categorical_crossentropy(one_hot({0, 2}, 3), P))}) {
        EXPECT_TRUE(std::isfinite(got)) << "got " << got << "\n"
                                        << exercise_testing::diagnose(kNoClip);
        EXPECT_TRUE(exercise_testing::near(got, expected, 1e-4,
                                           {scalar_mistake(expected / 3, kMeanOverEveryElement),  // sum / (2 * 3)
                                            scalar_mistake(expected / std::log(10.0), kLog10)}));
    }
}

TEST(BothGradients, AreZeroWherePWasClipped) {
    const Matrix P{{0, 1, 0}, {0.5f, 0, 0.5f}}, y{{0}, {2}};
    // Row 0: p = 0 was clipped, so 0. Row 1: p = 0.5, inside: -1 / 0.5 / 2 = -1.
    const Matrix expected{{0, 0, 0}, {0, 0, -1}};
    for (const auto& [name, got] :
         {std::pair<const char*, Matrix>{"sparse", exercise::sparse_categorical_crossentropy_gradient(y, P)},
          {"categorical", exercise::categorical_crossentropy_gradient(one_hot({0, 2}, 3), P)}}) {
        const bool moved_where_clipped = got.same_shape(expected) && got(0, 0) != 0;  // also inf or NaN
        EXPECT_TRUE(exercise_testing::matches(got, expected))
            << name << "\n"
            << (moved_where_clipped ? exercise_testing::diagnose(kGradientInClip) : "");
    }
}

TEST(BothLosses, RejectBadShapesAndLabels) {
    EXPECT_THROW(exercise::categorical_crossentropy(Matrix(2, 3), Matrix(2, 4, 0.25f)), std::invalid_argument);
    EXPECT_THROW(exercise::categorical_crossentropy_gradient(Matrix(2, 3), Matrix(2, 4, 0.25f)), std::invalid_argument);
    EXPECT_THROW(exercise::sparse_categorical_crossentropy(Matrix{{0}, {4}}, Matrix(2, 4, 0.25f)), std::invalid_argument)
        << "label 4 with 4 classes";
    EXPECT_THROW(exercise::sparse_categorical_crossentropy(Matrix{{0}}, Matrix(2, 4, 0.25f)), std::invalid_argument)
        << "1 label for 2 rows";
    EXPECT_THROW(exercise::sparse_categorical_crossentropy_gradient(Matrix{{0}, {-1}}, Matrix(2, 4, 0.25f)),
                 std::invalid_argument)
        << "label -1";
}

}  // namespace
