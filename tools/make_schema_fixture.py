"""Write tests/fixtures/review-vN.sqlite: a review database of each earlier schema.

Each fixture holds one recommender, two declarations and scores, as a
reviewer's file of that version would; the upgrade tests open them with the
current program. Add a version here when a schema is superseded.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reviewer.rubric import bundled_rubrics  # noqa: E402
from reviewer.store.migrations import migrate  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
VERSIONS = (1, 2, 3, 4)


def make(version: int) -> Path:
    target = FIXTURES / f"review-v{version}.sqlite"
    target.unlink(missing_ok=True)
    migrate(target, target=version)
    rubric = bundled_rubrics().for_direction(7)
    con = sqlite3.connect(target)
    with con:
        con.execute("INSERT INTO review VALUES (1, '2019 示范项目评审（v1）', 'miit-2019-xxxf', 'expert', '张三', '', '', '2019-04-10T09:00:00')")
        con.execute("INSERT INTO recommender (id, name, kind) VALUES (1, '浙江省', 'province')")
        con.execute("INSERT INTO rubric VALUES (7, ?, ?)", (rubric.fingerprint, rubric.to_json()))
        columns = "(id, code, recommender_id, seq, direction, project_name, applicant, credit_code)"
        con.execute(f"INSERT INTO declaration {columns} VALUES (1, '浙江省-01', 1, 1, 7, '智慧物流云仓项目', '杭州某物流科技有限公司', '91330100799655058B')")
        con.execute(f"INSERT INTO declaration {columns} VALUES (2, '浙江省-02', 1, 2, 7, '城乡末端配送平台', '宁波某供应链有限公司', '')")
        stamp = ", '2019-04-10T10:00:00'" if version >= 2 else ""
        con.execute(f"INSERT INTO score VALUES (1, 'C1', 13.5, '服务供给能力强'{stamp})")
        con.execute(f"INSERT INTO score VALUES (1, 'D7.1', 9, ''{stamp})")
        con.execute(f"INSERT INTO assessment VALUES (1, '项目示范性强，建议支持。', 'recommend', 0, ''{stamp})")
        con.execute("INSERT INTO veto VALUES (2, 'V3', '不属于本次示范内容')")
        if version >= 2:
            con.execute("INSERT INTO edit_log VALUES (1, '2019-04-10T10:00:00', 1, 'points:C1', NULL, '13.5')")
        if version >= 4:  # a chair's panel: one expert (passphrase in clear, as v4 kept it) and a merged file
            con.execute("INSERT INTO expert (id, name, affiliation, province, directions, ties, affiliation_code, passphrase, "
                        "secret, signing_key, created_at) VALUES (1, '王芳', '北京邮电大学', '北京市', '[7]', '[]', '', "
                        "'ABCD-EFGH-JKLM-NPQR-STUV-WXYZ', '00:00', '11', '2019-04-09T09:00:00')")
            con.execute("INSERT INTO score_file (id, expert_id, sha256, written_at, merged_at, path, current) VALUES "
                        "(1, 1, 'ab12', '2019-04-10T11:00:00', '2019-04-10T12:00:00', 'wang.rvscore', 1)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    return target


def main() -> None:
    for version in VERSIONS:
        print(make(version))


if __name__ == "__main__":
    main()
