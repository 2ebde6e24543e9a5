#include "neurona/thread_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace neurona;

namespace {

/// Runs parallel_for(n) on `pool` and checks that every index ran exactly once.
void expect_each_task_once(ThreadPool& pool, std::size_t n) {
    std::vector<std::atomic<int>> runs(n);
    pool.parallel_for(n, [&](std::size_t task) { runs[task].fetch_add(1); });
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(runs[i].load(), 1) << "task " << i << " of " << n;
}

}  // namespace

TEST(ThreadPool, Size) {
    EXPECT_EQ(ThreadPool(1).size(), 1u);
    EXPECT_EQ(ThreadPool(3).size(), 3u);
    EXPECT_EQ(ThreadPool(0).size(), std::max(1u, std::thread::hardware_concurrency()));
}

TEST(ThreadPool, EveryTaskRunsExactlyOnce) {
    for (std::size_t threads : {1, 2, 3, 4, 8}) {
        ThreadPool pool(threads);
        for (std::size_t n : {0, 1, 2, 3, 7, 8, 100, 1000}) expect_each_task_once(pool, n);
    }
}

TEST(ThreadPool, ManyRepeatedCalls) {
    ThreadPool pool(3);
    std::atomic<std::size_t> sum{0};
    constexpr std::size_t kCalls = 20000;
    for (std::size_t call = 0; call < kCalls; ++call)
        pool.parallel_for(call % 5, [&](std::size_t task) { sum.fetch_add(task + 1); });
    // Over each 5 consecutive calls, n = 0..4 adds 0 + 1 + 3 + 6 + 10 = 20.
    EXPECT_EQ(sum.load(), kCalls / 5 * 20);
}

TEST(ThreadPool, WaitsForEveryTask) {
    // Unequal tasks: the call must not return while a slow one is still running.
    ThreadPool pool(4);
    for (int call = 0; call < 50; ++call) {
        std::vector<int> done(16, 0);
        pool.parallel_for(16, [&](std::size_t task) {
            if (task % 4 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
            done[task] = 1;
        });
        for (int d : done) ASSERT_EQ(d, 1);
    }
}

TEST(ThreadPool, NestedCallsRunInline) {
    ThreadPool pool(3);
    constexpr std::size_t kOuter = 6, kInner = 7;
    std::vector<std::atomic<int>> runs(kOuter * kInner);
    pool.parallel_for(kOuter, [&](std::size_t outer) {
        const auto me = std::this_thread::get_id();
        pool.parallel_for(kInner, [&](std::size_t inner) {
            EXPECT_EQ(std::this_thread::get_id(), me);  // inline on the outer task's thread
            runs[outer * kInner + inner].fetch_add(1);
        });
    });
    for (auto& r : runs) EXPECT_EQ(r.load(), 1);
}

TEST(ThreadPool, OneThreadRunsInlineInOrder) {
    ThreadPool pool(1);
    std::vector<std::size_t> order;
    const auto caller = std::this_thread::get_id();
    pool.parallel_for(10, [&](std::size_t task) {
        EXPECT_EQ(std::this_thread::get_id(), caller);
        order.push_back(task);  // no lock needed: everything runs on this thread
    });
    ASSERT_EQ(order.size(), 10u);
    for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], i);
}

TEST(ThreadPool, UsesTheWorkers) {
    // A pool of 2 runs tasks on its worker too. Task 0 waits (up to 10 s, however loaded the
    // machine) until a task has started on another thread, so the outcome does not depend
    // on how soon the worker is scheduled; only a pool that never uses it fails.
    ThreadPool pool(2);
    const auto caller = std::this_thread::get_id();
    std::atomic<int> on_worker{0};
    pool.parallel_for(2, [&](std::size_t task) {
        if (std::this_thread::get_id() != caller) on_worker.fetch_add(1);
        if (task != 0) return;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (on_worker.load() == 0 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
    EXPECT_GT(on_worker.load(), 0);
}

TEST(ThreadPool, EachThreadStartsWithItsOwnBlock) {
    // Tasks are cut into one contiguous block per thread, so that a loop run step after step
    // gives each thread the same part of the data (it stays in that core's cache). The
    // caller's block of 8 tasks on 2 threads is [0, 4), the worker's [4, 8): while the caller
    // holds task 0, the worker's first task must be 4, not 1 (as from one shared counter).
    ThreadPool pool(2);
    const auto caller = std::this_thread::get_id();
    std::atomic<long> worker_first{-1};
    std::vector<int> ran_on_worker(8, 0);
    pool.parallel_for(8, [&](std::size_t task) {
        if (std::this_thread::get_id() != caller) {
            long none = -1;
            worker_first.compare_exchange_strong(none, static_cast<long>(task));
            ran_on_worker[task] = 1;
        }
        if (task != 0) return;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (worker_first.load() < 0 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
    EXPECT_EQ(worker_first.load(), 4);
    EXPECT_EQ(ran_on_worker[0], 0);  // task 0 is the caller's
}

TEST(ThreadPool, RethrowsATaskException) {
    ThreadPool pool(3);
    EXPECT_THROW(pool.parallel_for(100,
                                   [](std::size_t task) {
                                       if (task == 42) throw std::runtime_error("task 42 failed");
                                   }),
                 std::runtime_error);
    expect_each_task_once(pool, 100);  // still usable afterwards
}

TEST(ThreadPool, CallsFromSeveralThreadsAtOnce) {
    ThreadPool pool(2);
    std::atomic<std::size_t> sum{0};
    std::vector<std::thread> callers;
    for (int c = 0; c < 4; ++c)
        callers.emplace_back([&] {
            for (int call = 0; call < 500; ++call)
                pool.parallel_for(4, [&](std::size_t task) { sum.fetch_add(task); });
        });
    for (auto& t : callers) t.join();
    EXPECT_EQ(sum.load(), 4u * 500u * (0 + 1 + 2 + 3));
}
