// Helpers shared by the test files.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <utility>

#include "neurona/matmul.hpp"

/// Runs f, which must throw E, and returns the exception's message (a test failure and ""
/// when nothing is thrown), so that a test can assert on what the message names.
template <class E, class F>
std::string message_of(F f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    ADD_FAILURE() << "no exception thrown";
    return "";
}

/// Whether a and b have the same shape and the same bits (NaN == NaN, -0 != +0).
inline bool same_bits(const neurona::Matrix& a, const neurona::Matrix& b) {
    return a.same_shape(b) && std::memcmp(a.data(), b.data(), a.size() * sizeof(neurona::Scalar)) == 0;
}

/// Restores the thread count a test changed (neurona::set_num_threads).
class ThreadCountGuard {
public:
    ThreadCountGuard() : saved_(neurona::num_threads()) {}
    ~ThreadCountGuard() { neurona::set_num_threads(saved_); }
    ThreadCountGuard(const ThreadCountGuard&) = delete;
    ThreadCountGuard& operator=(const ThreadCountGuard&) = delete;

private:
    std::size_t saved_;
};

/// f() run with 1 thread, then with 2 (the thread count restored after): a test compares
/// the two results bit for bit.
template <class F>
auto at_1_and_2_threads(F f) {
    ThreadCountGuard guard;
    neurona::set_num_threads(1);
    auto one = f();
    neurona::set_num_threads(2);
    auto two = f();
    return std::pair{std::move(one), std::move(two)};
}
