// Exercise 11's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "neurona/layers/dropout.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Matrix dropout_forward(const neurona::Matrix& A_prev, double rate, bool training,
                                neurona::Rng& rng, neurona::Matrix& mask);
neurona::Matrix dropout_backward(const neurona::Matrix& dA, const neurona::Matrix& mask);
}  // namespace exercise

namespace {

using neurona::Matrix;
using neurona::Scalar;

bool Equal(const Matrix& a, const Matrix& b) { return a.same_shape(b) && a.values() == b.values(); }

// The usual mistakes, each named once, in Spanish and English.
using exercise_testing::Diagnosis;
const Diagnosis kNotScaled{"los supervivientes no se escalan por 1 / (1 - rate): la media de la salida baja a (1 - rate) "
                       "veces la de la entrada",
                       "the survivors are not scaled by 1 / (1 - rate): the output's mean drops to (1 - rate) times "
                       "the input's"};
const Diagnosis kRateIsKeepProbability{"rate se tomó como la probabilidad de conservar un valor (el keep_prob de "
                                   "TensorFlow 1); es la de apagarlo",
                                   "rate was taken as the probability of keeping a value (TensorFlow 1's "
                                   "keep_prob); it is the probability of dropping it"};
const Diagnosis kAtInference{"dropout se aplicó en inferencia (training = false); ahí no hace nada: A = A_prev, sin máscara",
                         "dropout was applied at inference (training = false); there it does nothing: A = A_prev, "
                         "and no mask"};
const Diagnosis kBackwardPassesThrough{"el paso hacia atrás deja pasar dA entero; el gradiente de un valor apagado es 0: "
                                   "dA_prev = dA * máscara",
                                   "the backward pass lets all of dA through; a dropped value's gradient is 0: "
                                   "dA_prev = dA * mask"};
const Diagnosis kBackwardUnscaled{"el paso hacia atrás usa una máscara de 0 y 1, sin el factor 1 / (1 - rate): "
                              "dA_prev = dA * máscara, la misma máscara escalada del paso hacia delante",
                              "the backward pass uses a 0/1 mask, without the 1 / (1 - rate) factor: "
                              "dA_prev = dA * mask, the same scaled mask as the forward pass"};


// The README's mask, drawn by the test: one rng.uniform() per element, row-major, kept (as
// 1 / (1 - rate)) when u >= rate.
Matrix reference_mask(neurona::Rng& rng, double rate, std::size_t rows, std::size_t cols) {
    const Scalar keep_scale = static_cast<Scalar>(1.0 / (1.0 - rate));
    Matrix mask(rows, cols);
    for (std::size_t i = 0; i < mask.size(); ++i) mask.data()[i] = rng.uniform() >= rate ? keep_scale : Scalar(0);
    return mask;
}

// 1 where M is not 0: the mask without its scale.
Matrix ones_where_kept(const Matrix& M) {
    return M.apply([](Scalar x) { return x != 0 ? Scalar(1) : Scalar(0); });
}

// What the backward pass gives with the usual mistakes, for the forward pass's mask.
std::vector<exercise_testing::Mistake> backward_mistakes(const Matrix& dA, const Matrix& mask) {
    if (!dA.same_shape(mask)) return {};
    return {{dA, kBackwardPassesThrough.es, kBackwardPassesThrough.en},
            {dA * ones_where_kept(mask), kBackwardUnscaled.es, kBackwardUnscaled.en}};
}

Matrix random_matrix(std::uint64_t seed, std::size_t rows = 8, std::size_t cols = 10) {
    neurona::Rng rng(seed);
    return rng.uniform_matrix(rows, cols, 0.5, 2);  // never 0, so a 0 in A means "dropped"
}

TEST(Dropout, InferenceIsTheIdentity) {
    neurona::Rng rng(1);
    const Matrix A_prev = random_matrix(2);
    Matrix mask{{1}};
    const Matrix A = exercise::dropout_forward(A_prev, 0.5, false, rng, mask);
    neurona::Rng same_seed(1);
    const Matrix dropped = A_prev * reference_mask(same_seed, 0.5, A_prev.rows(), A_prev.cols());
    EXPECT_TRUE(exercise_testing::matches(A, A_prev, {{dropped, kAtInference.es, kAtInference.en}}, 0, 0));
    EXPECT_TRUE(mask.empty()) << "no mask at inference";
    const Matrix dA = random_matrix(3);
    EXPECT_TRUE(Equal(exercise::dropout_backward(dA, mask), dA));
}

TEST(Dropout, RateZeroKeepsEverything) {
    neurona::Rng rng(1);
    const Matrix A_prev = random_matrix(2);
    Matrix mask;
    EXPECT_TRUE(Equal(exercise::dropout_forward(A_prev, 0.0, true, rng, mask), A_prev));
    const Matrix dA = random_matrix(3);
    EXPECT_TRUE(Equal(exercise::dropout_backward(dA, mask), dA));
}

// 100,000 values: the dropped fraction has a standard deviation of sqrt(p (1 - p) / 1e5) <=
// 0.0016, so a tolerance of 0.01 is 6 to 8 of them. Every survivor is 1 / (1 - rate), to float
// rounding. The output's mean is 1 with a standard deviation of sqrt(rate / (1 - rate) / 1e5) <=
// 0.0032: within 0.02 (6 of them).
TEST(Dropout, DropsTheRateAndScalesTheSurvivors) {
    // Each rate with its name as written (a double prints as 0.20000000000000001).
    for (const auto& [rate, shown] : {std::pair{0.2, "0.2"}, std::pair{0.5, "0.5"}}) {
        neurona::Rng rng(7);
        Matrix mask;
        const Matrix A = exercise::dropout_forward(Matrix(200, 500, 1), rate, true, rng, mask);
        ASSERT_EQ(A.shape(), "(200, 500)");
        const Scalar keep = static_cast<Scalar>(1 / (1 - rate));
        std::size_t dropped = 0, wrong = 0, unscaled = 0;
        for (Scalar a : A.values()) {
            if (a == 0) ++dropped;
            else if (std::abs(a - keep) > 1e-6f * keep) {
                ++wrong;
                if (a == 1) ++unscaled;
            }
        }
        EXPECT_TRUE(exercise_testing::near(static_cast<double>(dropped) / A.size(), rate, 0.01,
                                           {{1 - rate, kRateIsKeepProbability.es, kRateIsKeepProbability.en}}))
            << "rate " << shown << ": the fraction dropped";
        EXPECT_EQ(wrong, 0u) << "rate " << shown << ": every survivor must be 1 / (1 - rate) = " << keep
                             << (wrong == unscaled ? "\n" + exercise_testing::diagnose(kNotScaled) : "");
        EXPECT_TRUE(exercise_testing::near(A.mean(), 1, 0.02, {{1 - rate, kNotScaled.es, kNotScaled.en}}))
            << "rate " << shown << ": inverted dropout keeps the mean";
    }
}

TEST(Dropout, OutputIsInputTimesMask) {
    neurona::Rng rng(3);
    const Matrix A_prev = random_matrix(4);
    Matrix mask;
    const Matrix A = exercise::dropout_forward(A_prev, 0.3, true, rng, mask);
    ASSERT_TRUE(mask.same_shape(A_prev)) << "mask " << mask.shape();
    EXPECT_TRUE(Equal(A, A_prev * mask));
}

TEST(Dropout, BackwardUsesTheSameMask) {
    neurona::Rng rng(4);
    const Matrix A_prev = random_matrix(5), dA = random_matrix(6);
    Matrix mask;
    const Matrix A = exercise::dropout_forward(A_prev, 0.4, true, rng, mask);
    const Matrix dA_prev = exercise::dropout_backward(dA, mask);
    ASSERT_TRUE(dA_prev.same_shape(dA)) << "dA_prev " << dA_prev.shape();
    ASSERT_TRUE(mask.same_shape(dA)) << "mask " << mask.shape();
    EXPECT_TRUE(exercise_testing::matches(dA_prev, dA * mask, backward_mistakes(dA, mask), 0, 0));
    for (std::size_t i = 0; i < A.size(); ++i)
        EXPECT_EQ(A.data()[i] == 0, dA_prev.data()[i] == 0) << "element " << i
            << ": the gradient flows exactly where the value survived";
}

TEST(Dropout, EachCallDrawsAnotherMaskAndTheSameSeedRepeatsIt) {
    const Matrix A_prev = random_matrix(8);
    neurona::Rng rng(11), same_seed(11);
    Matrix first, second, again;
    exercise::dropout_forward(A_prev, 0.5, true, rng, first);
    exercise::dropout_forward(A_prev, 0.5, true, rng, second);
    exercise::dropout_forward(A_prev, 0.5, true, same_seed, again);
    EXPECT_FALSE(Equal(first, second)) << "two training steps, two masks";
    EXPECT_TRUE(Equal(first, again)) << "the same seed, the same mask";
}

TEST(Dropout, SameMaskAsTheLibraryForTheSameSeed) {
    const Matrix A_prev = random_matrix(9), dA = random_matrix(10);
    neurona::set_global_seed(21);  // the library's Dropout draws from the global generator
    neurona::Dropout layer(0.25);
    layer.build({10});
    const Matrix expected = layer.forward(A_prev, true);
    const Matrix expected_dA_prev = layer.backward(dA);
    neurona::Rng rng(21), same_seed(21);
    const Matrix expected_mask = reference_mask(same_seed, 0.25, A_prev.rows(), A_prev.cols());
    Matrix mask;
    EXPECT_TRUE(exercise_testing::matches(exercise::dropout_forward(A_prev, 0.25, true, rng, mask), expected,
                                          {{A_prev * ones_where_kept(expected_mask), kNotScaled.es, kNotScaled.en}},
                                          0, 0));
    EXPECT_TRUE(exercise_testing::matches(exercise::dropout_backward(dA, mask), expected_dA_prev,
                                          backward_mistakes(dA, expected_mask), 0, 0));
}

TEST(Dropout, RateOutsideZeroToOneThrows) {
    neurona::Rng rng(1);
    Matrix mask;
    EXPECT_THROW(exercise::dropout_forward(Matrix(2, 2, 1), 1.0, true, rng, mask), std::invalid_argument);
    EXPECT_THROW(exercise::dropout_forward(Matrix(2, 2, 1), -0.1, true, rng, mask), std::invalid_argument);
}

}  // namespace
