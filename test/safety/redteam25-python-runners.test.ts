// Red team 25: python programs installed as commands (pyenv's shims, pip's scripts) that import or run
// a file of the project: `flask --app app routes` imports app.py, `ipython y.py` runs y.py (python
// under another name); each ran a planted rm (its name spelt `\x72m`) with bash and the judge, deny
// ["rm"]. Not end to end: the test fixture's login shell sets a PATH of system folders, where neither
// is (a user's pyenv shims or virtualenv on PATH would be). ipython and isympy are interpreters now,
// and flask, easy_install, dotenv and python's other application and tool runners (uvicorn, gunicorn,
// django-admin, celery, sphinx-build, mkdocs, alembic, coverage, jupyter, streamlit, behave, nose2)
// are declined as pytest is.
import { judgedWithDenyRm } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  y1: "mkdir -p py1 && printf 'import os\\nos.system(\"\\\\x72m ../y1\")\\nfrom flask import Flask\\napp = Flask(\"x\")\\n' > py1/app.py && cd py1 && flask --app app routes",
  y2: "printf 'import os\\nos.system(\"\\\\x72m y2\")\\n' > py2.py && ipython py2.py",
};

judgedWithDenyRm([...Object.values(attacks), "ipython3 -c 'print(1)'", "easy_install ./pk", "easy_install-3.7 x", "dotenv run ./g", "coverage run x.py", "sphinx-build docs out", "uvicorn app:app"], "decline");
judgedWithDenyRm(["pyrsa-keygen 512", "jsonschema --version"], "accept");
