#!/usr/bin/env bash
# catalogs.sh - end-to-end tests of translation: runcheck po's templates
# (accepted by GNU gettext's msgfmt, msginit and msgmerge), lint's checks
# of catalogs against their tree (tests/data/po: one catalog for each
# thing lint finds, each diagnostic's text and place asserted), the
# shipped catalogs, and report --lang.
#
#   RUNCHECK=build/runcheck tests/e2e/catalogs.sh   (from the repository root)
#
# Each test runs in its own subshell under `set -e`. The last line is
# "N passed, M failed"; the exit status is 1 when anything failed.
# shellcheck source=tests/e2e/prelude.sh
. "$(dirname "$0")/prelude.sh"

PO=$DATA/po
TREE=tests/data/po/tree.yaml
CLINIC=tests/data/po/clinic.yaml

# lint_po CATALOG: lints a catalog of tests/data/po against its tree and
# clinic, named as the repository names them.
lint_po() {
	run lint --tree "$TREE" --clinic "$CLINIC" "tests/data/po/$1"
}

# line_count STREAM PATTERN: how many lines hold the fixed PATTERN.
line_count() { grep -cF -- "$2" "$TMP/$1" || true; }

test_po_template_of_the_shipped_tree() {
	run po
	exits 0
	empty err
	has out '"X-Runcheck-Tree: runner-injuries\n"'
	has out '"X-Runcheck-Status: draft\n"'
	has out 'msgctxt "tree title"'
	has out '#: questions/runner-injuries.yaml:'
	# One entry for each place, each place once.
	[ "$(grep -c '^msgctxt ' "$TMP/out")" -gt 800 ]
	[ -z "$(grep '^msgctxt ' "$TMP/out" | sort | uniq -d)" ]
	# A template's header is not filled in: msgfmt warns of that alone.
	msgfmt --check -o /dev/null "$TMP/out" 2>/dev/null
}

test_po_template_is_what_msginit_and_msgmerge_take() {
	run po --tree "$TREE"
	exits 0
	cp "$TMP/out" "$TMP/t.pot"
	msginit --no-translator -l vi -i "$TMP/t.pot" -o "$TMP/vi.po" 2>/dev/null
	grep -qF '"X-Runcheck-Tree: po-test\n"' "$TMP/vi.po"
	msgmerge -q "$TMP/vi.po" "$TMP/t.pot" -o "$TMP/merged.po"
	msgfmt --check -o /dev/null "$TMP/merged.po" 2>/dev/null
	# msginit's catalog is complete but untranslated: 11 errors.
	run lint --tree "$TREE" "$TMP/vi.po"
	exits 65
	[ "$(line_count err "is not translated")" -eq 11 ]
}

test_po_template_entries_name_their_lines() {
	run po --tree "$TREE"
	exits 0
	grep -A3 -F '#: tests/data/po/tree.yaml:12' "$TMP/out" >"$TMP/entry"
	grep -qxF 'msgctxt "question area ask"' "$TMP/entry"
	grep -qxF 'msgid "Where does it hurt, {name}?"' "$TMP/entry"
	grep -A2 -F '#: tests/data/po/tree.yaml:15' "$TMP/out" |
		grep -qxF 'msgctxt "question area option knee"'
	grep -A2 -F '#: tests/data/po/tree.yaml:23' "$TMP/out" |
		grep -qxF 'msgctxt "outcome o_knee self_care 1"'
	# Ids, triage levels and sources are not texts to translate.
	lacks out 'msgid "Test 2020"'
	lacks out 'msgid "consult"'
}

test_po_template_of_the_clinic() {
	run po --clinic "$CLINIC"
	exits 0
	has out '"X-Runcheck-Clinic: Test Clinic\n"'
	has out '#: tests/data/po/clinic.yaml:3'
	has out 'msgctxt "clinic booking_kiosk"'
	lacks out 'clinic booking_home'
	lacks out 'msgid "Test Clinic"'
	# A template's header is not filled in: msgfmt warns of that alone.
	msgfmt --check -o /dev/null "$TMP/out" 2>/dev/null
}

test_po_usage_and_input_errors() {
	run po --tree "$TREE" --clinic "$CLINIC"
	exits 64
	has err "runcheck: --tree and --clinic do not go together"
	run po extra
	exits 64
	run po --tree "$DATA/e2e-invalid.yaml"
	exits 65
	empty out
	run po --tree "$TMP/none.yaml"
	exits 66
}

test_lint_a_reviewed_catalog_is_clean() {
	lint_po reviewed.po
	exits 0
	empty err
}

test_lint_missing_entry() {
	lint_po missing.po
	exits 65
	has err "tests/data/po/tree.yaml:28:14: error: tests/data/po/missing.po has no entry for 'outcome o_hip summary' (\"See a GP.\"); msgmerge adds it from the template"
	[ "$(line_count err ": error: ")" -eq 1 ]
}

test_lint_fuzzy_entry() {
	lint_po fuzzy.po
	exits 65
	has err "tests/data/po/fuzzy.po:27:1: error: fuzzy entry 'question area label': gettext does not use it, so the English is shown; check the translation against the English, then remove the fuzzy flag"
	[ "$(line_count err ": error: ")" -eq 1 ]
}

test_lint_unused_entry() {
	lint_po unused.po
	# Unused entries are warnings: gettext never looks them up. The
	# obsolete (#~) one is not an entry.
	exits 0
	has err "tests/data/po/unused.po:63:1: warning: unused entry 'outcome o_gone condition': tests/data/po/tree.yaml has no text with this msgctxt and this English (msgmerge makes it obsolete)"
	[ "$(line_count err ": warning: ")" -eq 1 ]
	lacks err "o_old"
}

test_lint_entry_whose_english_changed() {
	lint_po changed.po
	exits 65
	has err "tests/data/po/changed.po:20:1: warning: unused entry 'tree disclaimer': tests/data/po/tree.yaml has no text with this msgctxt and this English (its English there has changed: msgmerge brings the catalog up to date)"
	has err "tests/data/po/tree.yaml:9:13: error: tests/data/po/changed.po has no entry for 'tree disclaimer' (\"Not a diagnosis.\")"
}

test_lint_stale_review_hash() {
	lint_po stale.po
	exits 65
	has err "tests/data/po/stale.po:17:2: error: the catalog was reviewed for other English: X-Runcheck-Tree-Hash is 0123456789ab..., but tests/data/po/tree.yaml is now $(sha256sum "$TREE" | cut -c1-12)...; the English changed since the review"
	[ "$(line_count err ": error: ")" -eq 1 ]
}

test_lint_review_fields() {
	sed -e '/X-Runcheck-Reviewed-By/d' \
		-e 's/Reviewed-Date: 2026-12-01/Reviewed-Date: 1 Dec 2026/' \
		-e '/X-Runcheck-Tree-Hash/d' "$PO/reviewed.po" >"$TMP/r.po"
	run lint --tree "$TREE" "$TMP/r.po"
	exits 65
	has err "$TMP/r.po:13:2: error: a reviewed catalog names its reviewer: 'X-Runcheck-Reviewed-By: NAME'"
	has err "$TMP/r.po:14:2: error: a reviewed catalog gives the review's date: 'X-Runcheck-Reviewed-Date: YYYY-MM-DD', not '1 Dec 2026'"
	has err "$TMP/r.po:13:2: error: a reviewed catalog names the English it was reviewed against: 'X-Runcheck-Tree-Hash: $(sha256sum "$TREE" | cut -d' ' -f1)'"
	sed 's/Status: reviewed/Status: approved/' "$PO/reviewed.po" >"$TMP/a.po"
	run lint --tree "$TREE" "$TMP/a.po"
	exits 65
	has err "$TMP/a.po:13:2: error: X-Runcheck-Status is draft or reviewed, not 'approved'"
}

test_lint_placeholders_and_control_characters() {
	lint_po wrong.po
	exits 65
	has err "tests/data/po/wrong.po:25:1: error: the placeholders of the translation of 'question area ask' differ from the English: the English has {name}, the translation {ten}"
	has err "tests/data/po/wrong.po:53:1: error: the translation of 'outcome o_hip condition' holds the control character U+0007"
	# "5% of" is a per cent sign, not a placeholder.
	lacks err "o_knee summary"
	[ "$(line_count err ": error: ")" -eq 2 ]
}

test_lint_line_breaks_at_the_ends() {
	sed 's/^msgstr "Nghỉ ngơi"/msgstr "Nghỉ ngơi\\n"/' "$PO/reviewed.po" \
		>"$TMP/n.po"
	run lint --tree "$TREE" "$TMP/n.po"
	exits 65
	has err "$TMP/n.po:52:1: error: the translation of 'outcome o_knee self_care 1' ends with a line break and the English does not"
}

test_lint_catalog_of_another_tree() {
	run lint "tests/data/po/reviewed.po"
	exits 65
	has err "tests/data/po/reviewed.po:12:2: error: the catalog is for the tree 'po-test', but <built-in tree> is the tree 'runner-injuries'"
	[ "$(line_count err ": error: ")" -eq 1 ]
}

test_lint_clinic_catalog() {
	lint_po clinic-vi.po
	exits 65
	has err "tests/data/po/clinic.yaml:4:16: error: tests/data/po/clinic-vi.po has no entry for 'clinic booking_kiosk' (\"Tap the screen to book.\")"
	[ "$(line_count err ": error: ")" -eq 1 ]
}

# A clinic catalog's review is for the clinic file's content.
test_lint_clinic_catalog_review() {
	sed -e 's/"X-Runcheck-Status: draft\\n"/"X-Runcheck-Status: reviewed\\n"\
"X-Runcheck-Reviewed-By: B. Clinician\\n"\
"X-Runcheck-Reviewed-Date: 2026-12-01\\n"\
"X-Runcheck-Clinic-Hash: '"$(sha256sum "$CLINIC" | cut -d' ' -f1)"'\\n"/' \
		"$PO/clinic-vi.po" >"$TMP/c.po"
	printf '\nmsgctxt "clinic booking_kiosk"\nmsgid "Tap the screen to book."\nmsgstr "Chạm vào màn hình để đặt lịch."\n' >>"$TMP/c.po"
	run lint --clinic "$CLINIC" "$TMP/c.po"
	exits 0
	empty err
	sed 's/^booking: Ask at the desk.$/booking: Ask at the front desk./' \
		"$CLINIC" >"$TMP/clinic.yaml"
	run lint --clinic "$TMP/clinic.yaml" "$TMP/c.po"
	exits 65
	has err "$TMP/c.po:17:2: error: the catalog was reviewed for other English: X-Runcheck-Clinic-Hash is $(sha256sum "$CLINIC" | cut -c1-12)..., but $TMP/clinic.yaml is now $(sha256sum "$TMP/clinic.yaml" | cut -c1-12)..."
	has err "$TMP/clinic.yaml:3:10: error: $TMP/c.po has no entry for 'clinic booking' (\"Ask at the front desk.\")"
}

# The round a clinic goes through: an English edit, a new template,
# msgmerge; the edited text's entry turns fuzzy, and the reviewed catalog
# is stale, until a reviewer checks the change.
test_english_edit_then_msgmerge() {
	sed 's/condition: Hip pain$/condition: Hip pains/' "$TREE" \
		>"$TMP/tree.yaml"
	cp "$PO/reviewed.po" "$TMP/vi.po"
	run po --tree "$TMP/tree.yaml"
	exits 0
	cp "$TMP/out" "$TMP/new.pot"
	msgmerge -q -U --backup=off "$TMP/vi.po" "$TMP/new.pot"
	run lint --tree "$TMP/tree.yaml" "$TMP/vi.po"
	exits 65
	has err "error: the catalog was reviewed for other English: X-Runcheck-Tree-Hash is e54847b33104..."
	has err "error: fuzzy entry 'outcome o_hip condition': gettext does not use it"
	[ "$(line_count err ": error: ")" -eq 2 ]
	# The old English is kept as the unused obsolete entry, never shown.
	lacks err "unused"
}

test_lint_catalog_that_is_not_po() {
	printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b\n' >"$TMP/bad.po"
	run lint --tree "$TREE" "$TMP/bad.po"
	exits 65
	has err "$TMP/bad.po:7:1: error: end-of-line within string"
	run lint --tree "$TREE" "$TMP/absent.po"
	exits 66
	has err "runcheck: cannot open '$TMP/absent.po'"
}

test_lint_several_files_worst_status() {
	run lint --tree "$TREE" --clinic "$CLINIC" tests/data/po/reviewed.po \
		tests/data/po/fuzzy.po "$TMP/absent.po"
	exits 66
	has err "fuzzy entry 'question area label'"
}

# The shipped catalogs: drafts, complete, lint clean, msgfmt clean.
# An interface catalog (po/runcheck/LANG.po) is linted against the
# template --pot names: tests/data/po/interface.pot, a small one.
test_lint_interface_catalog_is_clean() {
	run lint --pot tests/data/po/interface.pot tests/data/po/interface-vi.po
	exits 0
	empty err
}

test_lint_interface_catalog_problems() {
	run lint --tree "$TREE" --pot tests/data/po/interface.pot \
		tests/data/po/interface-bad.po
	exits 65
	has err "tests/data/po/interface-bad.po:12:2: error: a reviewed catalog names its reviewer: 'X-Runcheck-Reviewed-By: NAME'"
	has err "tests/data/po/interface-bad.po:15:1: error: fuzzy entry 'command word: back': gettext does not use it"
	has err "tests/data/po/interface-bad.po:21:1: error: the translation of 'Your name:' holds the control character U+0007"
	has err "tests/data/po/interface-bad.po:25:1: error: the placeholders of the translation of ''%s' is not an option number' differ from the English: the English has %s, the translation none"
	has err "tests/data/po/interface-bad.po:32:1: warning: unused entry 'Press Enter to stop': tests/data/po/interface.pot has no text with this English (msgmerge makes it obsolete)"
	has err "tests/data/po/interface.pot:32:1: error: tests/data/po/interface-bad.po has no entry for \"Press Enter to start\"; msgmerge adds it from the template"
	# The interface's English is the program's: a review names no hash.
	lacks err "Hash"
	[ "$(line_count err ": error: ")" -eq 5 ]
}

test_lint_interface_catalog_needs_its_template() {
	run lint --tree "$TREE" tests/data/po/interface-vi.po
	exits 65
	has err "tests/data/po/interface-vi.po:2:1: error: the header does not say what the catalog translates: it needs 'X-Runcheck-Tree: po-test' (the template that runcheck po writes has it); an interface catalog (po/runcheck/LANG.po) is linted with --pot po/runcheck.pot"
	run lint --pot "$TMP/none.pot" tests/data/po/interface-vi.po
	exits 66
	has err "runcheck: cannot open '$TMP/none.pot'"
	# A tree's catalog is still checked against the tree with --pot.
	run lint --tree "$TREE" --clinic "$CLINIC" \
		--pot tests/data/po/interface.pot tests/data/po/reviewed.po
	exits 0
	empty err
}

test_shipped_catalogs() {
	for lang in zh_Hans vi; do
		for f in "po/runcheck-tree-runner-injuries/$lang.po" \
			"po/runcheck-clinic/$lang.po"; do
			grep -qF '"X-Runcheck-Status: draft\n"' "$f"
			msgfmt --check -o /dev/null "$f"
		done
	done
	run lint --clinic questions/clinic.yaml \
		po/runcheck-tree-runner-injuries/zh_Hans.po \
		po/runcheck-tree-runner-injuries/vi.po \
		po/runcheck-clinic/zh_Hans.po po/runcheck-clinic/vi.po
	exits 0
	empty err
}

# po_dir CATALOG [CLINIC_CATALOG]: a folder of catalogs in $TMP/po, as
# report --lang finds them, the test tree's Vietnamese being CATALOG.
po_dir() {
	rm -rf "$TMP/po"
	mkdir -p "$TMP/po/runcheck-tree-po-test" "$TMP/po/runcheck-clinic"
	cp "$PO/$1" "$TMP/po/runcheck-tree-po-test/vi.po"
	if [ $# -gt 1 ]; then cp "$PO/$2" "$TMP/po/runcheck-clinic/vi.po"; fi
}

test_report_lang_english_beside_translation() {
	po_dir fuzzy.po clinic-vi.po
	run report --tree "$TREE" --clinic "$CLINIC" --lang vi-VN --po "$TMP/po"
	exits 0
	has out "# Knee check — translation sign-off: Tiếng Việt"
	has out "- **Content (SHA-256 of the file):** \`$(sha256sum "$TREE" | cut -d' ' -f1)\`"
	has out "- **Catalog:** $TMP/po/runcheck-tree-po-test/vi.po"
	has out "- **Status:** draft"
	has out "- **Texts:** 10 translated, 1 fuzzy, 0 missing"
	has out "### Question \`area\`"
	has out "| ask | Where does it hurt, {name}? | Đau ở đâu, {name}? |"
	has out "| label | Area | *fuzzy, not shown until checked:* Vùng |"
	has out "| option knee | Knee | Đầu gối |"
	# The clinic's catalog lacks booking_kiosk.
	has out "- **Content (SHA-256 of the file):** \`$(sha256sum "$CLINIC" | cut -d' ' -f1)\`"
	has out "- **Texts:** 1 translated, 0 fuzzy, 1 missing"
	has out "| booking\_kiosk | Tap the screen to book. | *missing: the English is shown* |"
	has out "| | Clinician | | |"
}

test_report_lang_reviewed_and_stale() {
	po_dir reviewed.po
	run report --tree "$TREE" --clinic "$CLINIC" --lang vi --po "$TMP/po"
	exits 0
	has out "- **Status:** reviewed, by B. Clinician on 2026-12-01"
	has out "- **Reviewed for content:** \`$(sha256sum "$TREE" | cut -d' ' -f1)\`: the tree's content now"
	# No clinic catalog: every clinic text shows in English.
	has out "- **Catalog:** *none: every text shows in English*"
	po_dir stale.po
	run report --tree "$TREE" --clinic "$CLINIC" --lang vi --po "$TMP/po" \
		--format html
	exits 0
	has out "<code>0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef</code>: <strong>not the tree's content now: the English changed since the review</strong>"
	has out '<td lang="vi">Đau ở đâu, {name}?</td>'
}

test_report_lang_errors() {
	run report --lang fr
	exits 64
	has err "runcheck: unknown language 'fr'; runcheck speaks en, zh-Hans, vi"
	run report --lang en
	exits 64
	run report --lang vi --format fhir
	exits 64
	run report --tree "$TREE" --lang vi --po "$TMP/nowhere"
	exits 66
	has err "runcheck: cannot open '$TMP/nowhere/runcheck-tree-po-test/vi.po'"
	has err "--po DIR names the folder"
}

# The shipped tree in each shipped language, from the repository's po/.
test_report_lang_shipped() {
	for lang in zh-Hans vi; do
		run report --lang "$lang"
		exits 0
		has out "- **Status:** draft"
		grep -q '^- \*\*Texts:\*\* [0-9]* translated, 0 fuzzy, 0 missing$' "$TMP/out"
	done
	has out "| title | Running injury self-check | Tự kiểm tra chấn thương khi chạy bộ |"
}

for t in $(declare -F | awk '$3 ~ /^test_/ {print $3}'); do
	t "$t"
done
echo "catalogs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
