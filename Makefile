# jixiao: build and test the report site. `make help` lists the targets.
# Every target sets itself up: the Python venv from requirements.txt and the
# Debian packages the build needs (installed when running as root, else the
# exact apt-get line is printed).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Python's bytecode cache is written even where the environment says not to
# (PYTHONDONTWRITEBYTECODE, set on some machines): otherwise every build compiles the
# package again (0.1 s), and every test worker and command too (see `test`).
PY := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python
PORT ?= 8000
DEST ?=
APT_PACKAGES := chromium texlive-xetex texlive-lang-chinese texlive-latex-extra texlive-fonts-recommended \
	latexmk fonts-noto-cjk fonts-freefont-otf poppler-utils libreoffice-writer

.DEFAULT_GOAL := help
.PHONY: help setup venv system-deps site html test serve serve-preview bench publish rollback validate import finalize clean freeze

help: ## 列出可用命令
	@grep -hE '^[a-z-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

# Creates .venv, or mends one made for another folder (a copied or moved
# project), and installs requirements.txt when it changed. jixiao itself is never
# installed: every command imports it from this folder.
venv: ## 准备 Python 环境 .venv（自动修复从别处复制来的环境）
	@$(PYTHON) -I jixiao/setup_env.py

system-deps: ## 安装缺少的 Debian 软件包
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo -n "$$p "; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "== 安装 Debian 软件包：$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "缺少 Debian 软件包，请运行："; \
	    echo "  sudo apt-get install -y --no-install-recommends $$missing"; exit 1; \
	  fi; \
	fi

setup: system-deps venv ## 准备构建环境（Python 环境和 Debian 软件包）

site: setup ## 构建整个网站（网页、搜索索引、PDF）到 _build/html
	@$(PY) -m jixiao build

html: setup ## 快速预览（不生成 PDF），构建到 _build/preview，不影响 _build/html
	@$(PY) -m jixiao build --no-pdf

publish: setup ## 发布到内网网站目录：make publish DEST=/var/www/jixiao（先运行 make site）
	@test -n "$(DEST)" || { echo "请指定网站目录：make publish DEST=/var/www/jixiao"; exit 2; }
	@$(BIN)/python -m jixiao publish "$(DEST)"

rollback: setup ## 回退到上一次发布的版本：make rollback DEST=/var/www/jixiao
	@test -n "$(DEST)" || { echo "请指定网站目录：make rollback DEST=/var/www/jixiao"; exit 2; }
	@$(BIN)/python -m jixiao publish --rollback "$(DEST)"

validate: setup ## 检查数据文件
	@$(PY) -m jixiao validate

import: setup ## 导入 Word 报告或数据工作簿：make import FILE=报告2025.docx YEAR=2025
	@test -n "$(FILE)" -a -n "$(YEAR)" || { echo "请指定文件和年度：make import FILE=报告2025.docx YEAR=2025"; exit 2; }
	@$(PY) -m jixiao import "$(FILE)" --year "$(YEAR)"

finalize: setup ## 定稿某年度（检查通过后才标记为可发布）：make finalize YEAR=2025
	@test -n "$(YEAR)" || { echo "请指定年度：make finalize YEAR=2025"; exit 2; }
	@$(PY) -m jixiao finalize "$(YEAR)"

# Two pytest workers (pytest-xdist), each test file on one worker so its module
# fixtures are built once. The session's real build starts in the background at once,
# the files that do not need it run first, and it is shared through the build lock
# (tests/conftest.py). A third worker was slower from a fresh clone (6 min 37 s
# against 5 min 32 s). `pytest tests/x.py` runs serially. Python writes its bytecode cache
# even where the environment says not to (PYTHONDONTWRITEBYTECODE, set on some CI machines):
# otherwise each worker compiles and assert-rewrites every test module again (collection
# 9.5 s instead of 5.7 s) and each of the ~140 commands compiles the package again.
test: setup ## 运行全部测试
	$(PY) -m pytest -n 2 --dist loadfile --no-loadscope-reorder

serve: ## 在 http://127.0.0.1:8000/ 预览 _build/html（PORT=端口 可改）
	@test -d _build/html || { echo "还没有构建网站，请先运行 make site"; exit 1; }
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

serve-preview: ## 在 http://127.0.0.1:8000/ 预览 make html 的结果 _build/preview
	@test -d _build/preview || { echo "还没有预览网站，请先运行 make html"; exit 1; }
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/preview $(PORT)

bench: setup ## 性能基准：构建用时、内存、执行的笔记本数，搜索延迟和传输量
	$(PY) -m jixiao.dev.bench

freeze: setup ## 重新生成 requirements.txt（升级依赖后）
	@{ echo "# The whole environment, pinned (pip freeze --all). Regenerate with: make freeze"; \
	  $(BIN)/python -m pip freeze --all | grep -v -e '^-e' -e '^jixiao' -e '^pip=='; } > requirements.txt

clean: ## 删除构建输出（保留 Python 环境）
	rm -rf _build
