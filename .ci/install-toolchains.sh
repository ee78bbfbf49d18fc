#!/usr/bin/env bash
# What notebook 01's R, Java and C++ exercises run with, on a fresh Debian machine: Rscript
# (r-base-core), javac and java (default-jdk-headless) and g++, from apt, each only when missing.
# Idempotent and quiet: on a machine that has all three it installs nothing and prints the versions.
# Usage (as root, or with sudo available): .ci/install-toolchains.sh
set -euo pipefail

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo ".ci/install-toolchains.sh: run as root (apt-get needs it)" >&2; exit 1; }
  sudo=sudo
fi

packages=()
command -v Rscript >/dev/null 2>&1 || packages+=(r-base-core)
{ command -v javac >/dev/null 2>&1 && command -v java >/dev/null 2>&1; } || packages+=(default-jdk-headless)
command -v g++ >/dev/null 2>&1 || packages+=(g++)

if [ ${#packages[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo ".ci/install-toolchains.sh: no apt-get; install ${packages[*]} yourself (the R, Java and C++ exercises are skipped without them)" >&2
    exit 1
  fi
  echo "+ apt-get install ${packages[*]}"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
Rscript --version 2>&1 | head -1
javac -version 2>&1 | head -1
g++ --version | head -1
