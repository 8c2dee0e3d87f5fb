"""Documents: a plan's assignment table (phụ lục phân công nhiệm vụ) read from Word and Excel, and written back.

In the order a table flows through them: `limits` (what a hostile file may
cost), `grids` (cells as read, a table to write), `tables` (a file to
`Grid`s, through `docx_table` or `xlsx_table`), `official` (deadlines and names as officials write them, and
back), `appendix` (a grid's rows to tasks, with what could not be read),
`draft` (tasks to a canonical `.plan` text), `assignment` (a plan's tasks to
the table's rows, which `docx_table`/`xlsx_table` write); `messages` is the
package's one catalogue.
"""
