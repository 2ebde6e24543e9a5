// Exercise 16's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <array>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/diagnose.hpp"
#include "neurona/activations.hpp"
#include "neurona/from_scratch.hpp"
#include "neurona/random.hpp"

namespace exercise {
using Neuron = std::array<neurona::Scalar, 3>;
neurona::Scalar step(neurona::Scalar z);
neurona::Scalar neuron(const Neuron& n, neurona::Scalar x1, neurona::Scalar x2);
neurona::Matrix truth_table(const Neuron& n);
Neuron and_gate();
Neuron or_gate();
long count_neurons(const neurona::Matrix& wanted);
}  // namespace exercise

namespace {

using exercise::Neuron;
using exercise_testing::Mistake;
using neurona::Matrix;
using neurona::Scalar;

// The four inputs, one per row, in the chapter's order, and the truth tables as (4, 1) columns.
const Matrix kX{{0, 0}, {0, 1}, {1, 0}, {1, 1}};
const Matrix kAnd = Matrix::column_vector({0, 0, 0, 1});
const Matrix kOr = Matrix::column_vector({0, 1, 1, 1});
const Matrix kNand = Matrix::column_vector({1, 1, 1, 0});
const Matrix kXor = Matrix::column_vector({0, 1, 1, 0});
const Matrix kXnor = Matrix::column_vector({1, 0, 0, 1});

// The usual mistakes, each diagnosis in one place.
const std::pair<const char*, const char*> kStepOneAtZero{
    "step(0) vale 1; el escalón del capítulo 1.6 da 0 para z <= 0 y 1 solo para z > 0",
    "step(0) is 1; chapter 1.6's step gives 0 for z <= 0 and 1 only for z > 0"};
const std::pair<const char*, const char*> kThresholdOnACase{
    "una entrada da z = 0 justo en el umbral, y step(0) = 0 (como el AND del curso, w = (2, 1), b = -3, en (1, 1)): "
    "pon el umbral entre los casos, p. ej. b = -2.5",
    "an input gives z = 0, exactly on the threshold, and step(0) = 0 (as the course's AND, w = (2, 1), b = -3, at "
    "(1, 1)): put the threshold between the cases, e.g. b = -2.5"};
const std::pair<const char*, const char*> kOrIsAnd{
    "tu OR es un AND: solo da 1 para (1, 1); un OR ya da 1 con una sola entrada a 1, así que necesita w1 + b > 0 y w2 + b > 0",
    "your OR is an AND: it gives 1 only for (1, 1); an OR gives 1 as soon as one input is 1, so it needs w1 + b > 0 and w2 + b > 0"};
const std::pair<const char*, const char*> kWithoutBias{
    "la neurona olvida el sesgo: z = w1 x1 + w2 x2 + b",
    "the neuron forgets the bias: z = w1 x1 + w2 x2 + b"};
const std::pair<const char*, const char*> kRowOrder{
    "la tabla está en otro orden: las filas van (0, 0), (0, 1), (1, 0), (1, 1), como la X del capítulo",
    "the table is in another order: the rows are (0, 0), (0, 1), (1, 0), (1, 1), as the chapter's X"};

Mistake mistake(const Matrix& value, const std::pair<const char*, const char*>& d) {
    return {value, d.first, d.second};
}

std::string str(const Neuron& n) {
    std::ostringstream os;
    os << "w = (" << n[0] << ", " << n[1] << "), b = " << n[2];
    return os.str();
}

// The neuron's z for each input, (4, 1), and its truth table computed by the library: the
// chapter's neuron(X, w1, w2, b) = step(X . W + b).
Matrix z_of(const Neuron& n) { return neurona::linear_forward(kX, Matrix{{n[0]}, {n[1]}}, Matrix{{n[2]}}); }
Matrix table_of(const Neuron& n) { return z_of(n).apply(neurona::step); }

// The table with the bias left out, and with the rows in the order 00, 10, 01, 11.
Matrix table_without_bias(const Neuron& n) { return table_of({n[0], n[1], 0}); }
Matrix table_in_column_order(const Neuron& n) {
    const Matrix t = table_of(n);
    return Matrix::column_vector({t(0, 0), t(2, 0), t(1, 0), t(3, 0)});
}

TEST(Step, HandComputedValues) {
    EXPECT_EQ(exercise::step(-2), 0);
    EXPECT_EQ(exercise::step(-1e-3f), 0);
    EXPECT_EQ(exercise::step(1e-3f), 1);
    EXPECT_EQ(exercise::step(0.5f), 1);
    EXPECT_EQ(exercise::step(3), 1);
    EXPECT_TRUE(exercise_testing::near(exercise::step(0), 0, 0,
                                       {{1, kStepOneAtZero.first, kStepOneAtZero.second}}))
        << "step(0)";
}

TEST(Step, MatchesTheLibrary) {
    for (double z = -3; z <= 3; z += 0.25)
        EXPECT_EQ(exercise::step(static_cast<Scalar>(z)), neurona::step(static_cast<Scalar>(z))) << "z = " << z;
}

TEST(Neuron, HandComputed) {
    // No z here is 0, so the step's value at 0 plays no part.
    const std::vector<std::pair<Neuron, std::array<Scalar, 2>>> cases = {
        {{2, 1, -2.5f}, {1, 1}},   // z = 2 + 1 - 2.5 = 0.5 -> 1
        {{2, 1, -2.5f}, {1, 0}},   // z = -0.5 -> 0
        {{1, 1, -0.5f}, {0, 1}},   // z = 0.5 -> 1
        {{-1, -1, 1.5f}, {0, 0}},  // z = 1.5 -> 1
        {{-1, -1, 1.5f}, {1, 1}},  // z = -0.5 -> 0
        {{3, -2, -0.5f}, {1, 1}},  // z = 0.5 -> 1
        {{3, -2, 1.5f}, {0, 1}},   // z = -0.5 -> 0
    };
    const Matrix expected = Matrix::column_vector({1, 0, 1, 1, 0, 1, 0});
    Matrix got(cases.size(), 1), without_bias(cases.size(), 1);
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto& [n, x] = cases[i];
        got(i, 0) = exercise::neuron(n, x[0], x[1]);
        without_bias(i, 0) = neurona::step(n[0] * x[0] + n[1] * x[1]);
    }
    EXPECT_TRUE(exercise_testing::matches(got, expected, {mistake(without_bias, kWithoutBias)}));
}

TEST(Neuron, AgreesWithTheChapterOnRandomWeights) {
    // Random neurons on all four inputs, against step(X . W + b) computed by the library.
    neurona::Rng rng(5);
    for (int k = 0; k < 20; ++k) {
        const Neuron n{static_cast<Scalar>(rng.uniform(-2, 2)), static_cast<Scalar>(rng.uniform(-2, 2)),
                       static_cast<Scalar>(rng.uniform(-2, 2))};
        const Matrix expected = table_of(n);
        for (std::size_t i = 0; i < 4; ++i)
            EXPECT_EQ(exercise::neuron(n, kX(i, 0), kX(i, 1)), expected(i, 0))
                << str(n) << ", input (" << kX(i, 0) << ", " << kX(i, 1) << ")";
    }
}

TEST(TruthTable, OfTheGatesInTheChapter) {
    // Each row of the chapter: the fixed AND, OR, NAND, and x1 AND NOT x2, whose table is not
    // symmetric in x1 and x2 and so shows the order of the rows.
    const std::vector<std::pair<Neuron, Matrix>> gates = {
        {{2, 1, -2.5f}, kAnd}, {{1, 1, -0.5f}, kOr}, {{-1, -1, 1.5f}, kNand},
        {{1, -1, -0.5f}, Matrix::column_vector({0, 0, 1, 0})}};
    for (const auto& [n, expected] : gates)
        EXPECT_TRUE(exercise_testing::matches(exercise::truth_table(n), expected,
                                              {mistake(table_without_bias(n), kWithoutBias),
                                               mistake(table_in_column_order(n), kRowOrder)}))
            << str(n);
}

// Checks the learner's gate (with the library's step, so that a wrong neuron() does not hide a
// right gate): the table must be `wanted`; a z of exactly 0 is the course's mistake.
void check_gate(const Neuron& n, const Matrix& wanted, const char* name) {
    const Matrix got = table_of(n), z = z_of(n);
    if (neurona::allclose(got, wanted, 0, 0)) return;
    std::ostringstream why;
    why << name << " with " << str(n) << ": outputs for 00, 01, 10, 11 are " << got.T() << ", expected "
        << wanted.T() << "; z = " << z.T();
    bool z_zero = false;
    for (std::size_t i = 0; i < 4; ++i) z_zero = z_zero || z(i, 0) == 0;
    if (n == Neuron{0, 0, 0})
        why << "\n(still the stub's {0, 0, 0}: choose the weights and the bias / todavía es el {0, 0, 0} del "
               "esqueleto: elige los pesos y el sesgo)";
    else if (z_zero)
        why << "\n" << exercise_testing::diagnose(kThresholdOnACase.first, kThresholdOnACase.second);
    else if (&wanted == &kOr && neurona::allclose(got, kAnd, 0, 0))
        why << "\n" << exercise_testing::diagnose(kOrIsAnd.first, kOrIsAnd.second);
    ADD_FAILURE() << why.str();
}

TEST(AndGate, AnswersOneOnlyWhenBothInputsAreOne) { check_gate(exercise::and_gate(), kAnd, "AND"); }

TEST(OrGate, AnswersOneWhenAnyInputIsOne) { check_gate(exercise::or_gate(), kOr, "OR"); }

TEST(Gates, YourNeuronComputesThem) {
    EXPECT_TRUE(exercise_testing::matches(exercise::truth_table(exercise::and_gate()), kAnd)) << "AND";
    EXPECT_TRUE(exercise_testing::matches(exercise::truth_table(exercise::or_gate()), kOr)) << "OR";
}

// The chapter's search done by the test: how many neurons of the grid have the table `wanted`.
long count_in_test(const Matrix& wanted) {
    long count = 0;
    for (int i = -20; i <= 20; ++i)
        for (int j = -20; j <= 20; ++j)
            for (int k = -20; k <= 20; ++k)
                if (neurona::allclose(table_of({i * 0.25f, j * 0.25f, k * 0.25f}), wanted, 0, 0)) ++count;
    return count;
}

TEST(CountNeurons, RepeatsTheChapterSearch) {
    // The chapter prints 1540 for AND, 2870 for OR and 1330 for NAND.
    for (const auto& [name, wanted] : {std::pair{"AND", kAnd}, {"OR", kOr}, {"NAND", kNand}})
        EXPECT_EQ(exercise::count_neurons(wanted), count_in_test(wanted)) << name;
}

TEST(CountNeurons, NoNeuronComputesXOR) {
    EXPECT_EQ(exercise::count_neurons(kXor), 0) << "XOR: its ones (01, 10) and zeros (00, 11) lie on the diagonals";
    EXPECT_EQ(exercise::count_neurons(kXnor), 0) << "XNOR";
}

TEST(CountNeurons, WrongShapeThrows) {
    EXPECT_THROW(exercise::count_neurons(kAnd.T()), std::invalid_argument) << "a (1, 4) row";
    EXPECT_THROW(exercise::count_neurons(Matrix(3, 1)), std::invalid_argument) << "(3, 1)";
}

}  // namespace
