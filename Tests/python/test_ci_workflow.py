"""The GitHub Actions workflow in docs/ci/, checked offline: it parses (PyYAML), it validates
against SchemaStore's github-workflows schema as vendored by check-jsonschema (no network), and
it has the structure the README promises: triggers, a pull-request job that builds, annotates,
comments the `diff --base` report and runs `make test`, and a Pages deployment on main.
"""
from __future__ import annotations

import importlib.resources
import json
import re
import subprocess

import jsonschema
import pytest
import yaml

from conftest import REPO

WORKFLOW = REPO / "docs" / "ci" / "scopeguide.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    doc = yaml.safe_load(WORKFLOW.read_text())
    assert isinstance(doc, dict)
    # YAML 1.1 reads the key `on` as the boolean true; GitHub reads it as "on".
    return {("on" if key is True else key): value for key, value in doc.items()}


def steps(job: dict) -> list[dict]:
    return job["steps"]


def runs(job: dict) -> str:
    return "\n".join(s.get("run", "") for s in steps(job))


def step_using(job: dict, action: str) -> dict:
    found = [s for s in steps(job) if s.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}"
    return found[0]


def test_validates_against_the_workflow_schema(workflow):
    text = (importlib.resources.files("check_jsonschema") / "builtin_schemas" / "vendor" / "github-workflows.json").read_text()
    schema = json.loads(text)
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(workflow)]
    assert errors == []
    # The schema does reject a broken workflow (the check can fail).
    broken = dict(workflow, jobs={"x": {"runs-on": "ubuntu-latest", "steps": [{"run": "true", "uses": "actions/checkout@v4"}]}})
    assert list(validator.iter_errors(broken))


def test_triggers(workflow):
    on = workflow["on"]
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}  # least privilege by default


def test_jobs_and_needs(workflow):
    jobs = workflow["jobs"]
    assert set(jobs) == {"test", "pages-build", "pages-deploy"}
    assert jobs["pages-build"]["needs"] == "test"
    assert jobs["pages-deploy"]["needs"] == "pages-build"
    for name, job in jobs.items():
        for step in steps(job):
            assert ("run" in step) != ("uses" in step), f"{name}: a step runs a command or uses an action"
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]), f"{name}: {step['uses']} is not pinned to a major version"


def test_pull_request_job(workflow):
    job = workflow["jobs"]["test"]
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    checkout = step_using(job, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0  # the base branch must be there for diff --base
    script = runs(job)
    assert re.search(r"^make build$", script, re.M)
    assert re.search(r"^make test$", script, re.M)
    assert ".build/debug/scopeguide check --format github" in script
    diff = [s for s in steps(job) if "diff --base" in s.get("run", "")]
    assert len(diff) == 1
    assert diff[0]["if"] == "github.event_name == 'pull_request'"
    assert diff[0]["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert 'scopeguide diff --base "origin/$BASE_REF" --format markdown > scopeguide-diff.md' in diff[0]["run"]
    assert "${{" not in diff[0]["run"]  # no expression pasted into the script
    # Exit 3 (a privilege increase) warns but still posts the comment; other failures stop.
    assert '"$status" -eq 3' in diff[0]["run"] and 'exit "$status"' in diff[0]["run"]
    comment = step_using(job, "actions/github-script")
    assert "github.event_name == 'pull_request'" in comment["if"]
    script = comment["with"]["script"]
    assert "readFileSync('scopeguide-diff.md'" in script
    assert "updateComment" in script and "createComment" in script
    limit = int(re.search(r"const limit = (\d+);", script).group(1))
    assert limit < 65536  # GitHub's limit for a comment body
    # The marker the script looks for is the first line `diff --base` prints.
    marker = re.search(r"commentMarker = \"([^\"]+)\"", (REPO / "Sources/ScopeGuideImport/DiffReport.swift").read_text())
    assert marker and f"const marker = '{marker.group(1)}';" in script
    # The comment is posted before the long test run, so reviewers see it early.
    names = [s.get("name", s.get("uses", "")) for s in steps(job)]
    assert names.index("Comment on the pull request") < names.index("Test")


def test_pages(workflow):
    build, deploy = workflow["jobs"]["pages-build"], workflow["jobs"]["pages-deploy"]
    assert build["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert re.search(r"^make site$", runs(build), re.M)
    assert step_using(build, "actions/upload-pages-artifact")["with"]["path"] == "Public"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    deployment = step_using(deploy, "actions/deploy-pages")
    assert deploy["environment"]["url"] == "${{ steps.%s.outputs.page_url }}" % deployment["id"]


def test_run_scripts_are_valid_shell(workflow):
    for name, job in workflow["jobs"].items():
        for step in steps(job):
            if "run" not in step:
                continue
            # Expressions are substituted before the shell sees the script.
            script = re.sub(r"\$\{\{[^}]*\}\}", "value", step["run"])
            assert "${{" not in script
            r = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True)
            assert r.returncode == 0, f"{name}: {r.stderr}"
