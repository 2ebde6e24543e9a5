// Exercise 11's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

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

Matrix random_matrix(std::uint64_t seed, std::size_t rows = 8, std::size_t cols = 10) {
    neurona::Rng rng(seed);
    return rng.uniform_matrix(rows, cols, 0.5, 2);  // never 0, so a 0 in A means "dropped"
}

TEST(Dropout, InferenceIsTheIdentity) {
    neurona::Rng rng(1);
    const Matrix A_prev = random_matrix(2);
    Matrix mask{{1}};
    const Matrix A = exercise::dropout_forward(A_prev, 0.5, false, rng, mask);
    EXPECT_TRUE(Equal(A, A_prev));
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
    for (double rate : {0.2, 0.5}) {
        neurona::Rng rng(7);
        Matrix mask;
        const Matrix A = exercise::dropout_forward(Matrix(200, 500, 1), rate, true, rng, mask);
        ASSERT_EQ(A.shape(), "(200, 500)");
        const Scalar keep = static_cast<Scalar>(1 / (1 - rate));
        std::size_t dropped = 0, wrong = 0;
        for (Scalar a : A.values()) {
            if (a == 0) ++dropped;
            else if (std::abs(a - keep) > 1e-6f * keep) ++wrong;
        }
        EXPECT_NEAR(static_cast<double>(dropped) / A.size(), rate, 0.01) << "rate " << rate;
        EXPECT_EQ(wrong, 0u) << "rate " << rate << ": every survivor must be 1 / (1 - rate) = " << keep;
        EXPECT_NEAR(A.mean(), 1, 0.02) << "rate " << rate << ": inverted dropout keeps the mean";
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
    EXPECT_TRUE(Equal(dA_prev, dA * mask));
    for (std::size_t i = 0; i < A.size(); ++i)
        EXPECT_EQ(A.data()[i] == 0, dA_prev.data()[i] == 0) << "element " << i
            << ": the gradient flows exactly where the value survived";
}

TEST(Dropout, EachCallDrawsANewMaskAndASeedRepeats) {
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
    neurona::Rng rng(21);
    Matrix mask;
    EXPECT_TRUE(Equal(exercise::dropout_forward(A_prev, 0.25, true, rng, mask), expected));
    EXPECT_TRUE(Equal(exercise::dropout_backward(dA, mask), expected_dA_prev));
}

TEST(Dropout, RateOutsideZeroToOneThrows) {
    neurona::Rng rng(1);
    Matrix mask;
    EXPECT_THROW(exercise::dropout_forward(Matrix(2, 2, 1), 1.0, true, rng, mask), std::invalid_argument);
    EXPECT_THROW(exercise::dropout_forward(Matrix(2, 2, 1), -0.1, true, rng, mask), std::invalid_argument);
}

}  // namespace
