#pragma once
// Runs the reportgen binary as a child process with a controlled
// environment, capturing its exit code, stdout and stderr.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "support/files.hpp"

extern char** environ;

namespace reportgen::test {

using testsupport::read_file;

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

using testsupport::TempDir;

// env: extra NAME=VALUE entries; the parent's SESAME_*/API_* variables are
// dropped so that the machine's settings cannot leak into a test.
inline ProcessResult run_cli(const std::vector<std::string>& args,
                             const std::vector<std::string>& env = {},
                             const std::string& cwd = "") {
    TempDir io;
    const std::string out_path = io.file("stdout"), err_path = io.file("stderr");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> argv_s{REPORTGEN_CLI_PATH};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<std::string> env_s;
    for (char** e = environ; *e; ++e) {
        const std::string v = *e;
        if (v.rfind("SESAME_", 0) == 0 || v.rfind("API_", 0) == 0 || v.rfind("LOG_LEVEL", 0) == 0 ||
            v.rfind("REPORT_", 0) == 0)
            continue;
        env_s.push_back(v);
    }
    env_s.insert(env_s.end(), env.begin(), env.end());
    std::vector<char*> argv, envp;
    for (auto& a : argv_s)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env_s)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    // The child's working directory, without touching the test process's own.
    if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    ProcessResult r;
    if (rc != 0) return r;
    int status = 0;
    ::waitpid(pid, &status, 0);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    return r;
}

}  // namespace reportgen::test
