"""Write tests/fixtures/review-v1.sqlite: a review database of schema version 1.

Schema 1 was the first released layout. The fixture holds one recommender, two
declarations and scores, as a reviewer's file of that version would; the
upgrade test opens it with the current program. Run once per released schema.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reviewer.rubric import bundled_rubrics  # noqa: E402
from reviewer.store.migrations import migrate  # noqa: E402

TARGET = ROOT / "tests" / "fixtures" / "review-v1.sqlite"


def main() -> None:
    TARGET.unlink(missing_ok=True)
    migrate(TARGET, target=1)
    rubric = bundled_rubrics().for_direction(7)
    con = sqlite3.connect(TARGET)
    with con:
        con.execute("INSERT INTO review VALUES (1, '2019 示范项目评审（v1）', 'miit-2019-xxxf', 'expert', '张三', '', '', '2019-04-10T09:00:00')")
        con.execute("INSERT INTO recommender VALUES (1, '浙江省', 'province')")
        con.execute("INSERT INTO rubric VALUES (7, ?, ?)", (rubric.fingerprint, rubric.to_json()))
        con.execute("INSERT INTO declaration VALUES (1, '浙江省-01', 1, 1, 7, '智慧物流云仓项目', '杭州某物流科技有限公司', '91330100799655058B')")
        con.execute("INSERT INTO declaration VALUES (2, '浙江省-02', 1, 2, 7, '城乡末端配送平台', '宁波某供应链有限公司', '')")
        con.execute("INSERT INTO score VALUES (1, 'C1', 13.5, '服务供给能力强')")
        con.execute("INSERT INTO score VALUES (1, 'D7.1', 9, '')")
        con.execute("INSERT INTO assessment VALUES (1, '项目示范性强，建议支持。', 'recommend', 0, '')")
        con.execute("INSERT INTO veto VALUES (2, 'V3', '不属于本次示范内容')")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    print(TARGET)


if __name__ == "__main__":
    main()
