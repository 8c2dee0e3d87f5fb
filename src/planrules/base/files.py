"""Which files a user's paths lead to, and reading them: the one guard every reader goes through.

A plan, facts file, mapping or scenario file is hostile input, and so is the
file system around it: a `.plan` that is a link to `/proc/self/environ` or
`/etc/shadow`, a FIFO that never ends, a device, a name that is not UTF-8, a
folder that cannot be listed. Every reader of a user's file asks `vet` (is this
a regular file, inside the trees it may come from?), `walk` (the files of a
folder, and what could not be listed) and `read_file` (its bytes, bounded,
opened so that nothing blocks). A refusal is a `Refused` carrying an
(English, Vietnamese) reason, which each reader puts in its own located
message (E001, F101, T101): what is refused is never opened, so no byte of it
is ever quoted. The rules are in docs/architecture.md, "Hostile input".
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from attrs import frozen

from .diagnostics import Message

# Kernel file systems: their "files" are the process's environment, memory, devices. No plan
# or facts file lives there, and reading one may leak a secret or never end.
KERNEL_FOLDERS = ("/proc", "/sys", "/dev")

_KINDS = {
    stat.S_IFDIR: "kind_folder",
    stat.S_IFIFO: "kind_fifo",
    stat.S_IFSOCK: "kind_socket",
    stat.S_IFCHR: "kind_character_device",
    stat.S_IFBLK: "kind_block_device",
}

_ERRNO = {
    errno.ENOENT: "reason_missing",
    errno.EACCES: "reason_denied",
    errno.EPERM: "reason_denied",
    errno.ENAMETOOLONG: "reason_too_long",
    errno.ELOOP: "reason_loop",
    errno.ENOTDIR: "reason_not_folder_part",
    errno.EISDIR: "reason_is_folder",
}


class Refused(Exception):
    """A path that is not read, and why: `reason` is an (English, Vietnamese) pair for a message's {reason}."""

    def __init__(self, path: str, reason: tuple[str, str]):
        super().__init__(f"{path}: {reason[0]}")
        self.path = path
        self.reason = reason


def _said(key: str, **args: str | tuple[str, str]) -> tuple[str, str]:
    """A catalogue message as an (English, Vietnamese) pair: the reason a reader's own message quotes."""
    message = Message.of(key, **args)
    return message.text("en"), message.text("vi")


def os_reason(error: OSError | ValueError) -> tuple[str, str]:
    """An operating system's refusal in both languages (its own words when it is not a usual one)."""
    if isinstance(error, UnicodeError):  # a lone surrogate no file system name can hold
        return _said("reason_encoding")
    if isinstance(error, ValueError):  # a NUL in a name a file gave
        return _said("reason_nul")
    known = _ERRNO.get(error.errno or 0)
    if known is not None:
        return _said(known)
    text = error.strerror or type(error).__name__
    return text, text


def _escaped(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: a byte that is not UTF-8 as the escape of the name Python holds (\\udcff)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "".join(f"\\udc{b:02x}" for b in error.object[error.start:error.end]), error.end


def _names_as_utf8(error: UnicodeError) -> tuple[bytes, int]:
    """Encode error handler of the output: the surrogate-escaped bytes of a file name, written as text.

    A name the file system gives that is not in its encoding (b'\\xff.plan', or
    "kế hoạch.plan" under LC_ALL=C) is held with surrogate escapes, which UTF-8
    cannot write. Its bytes are written as the UTF-8 they are ("kế hoạch"), and a
    byte that is not UTF-8 as the escape `\\udcff`: readable, and in JSON the very
    escape that reads back as the name.
    """
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out, run = [], bytearray()
    for c in error.object[error.start:error.end]:
        if "\udc80" <= c <= "\udcff":
            run.append(ord(c) - 0xDC00)
            continue
        out.append(run.decode("utf-8", _ESCAPED) + f"\\u{ord(c):04x}")  # another lone surrogate: its escape
        run.clear()
    # bytes: the UTF-8 encoder takes nothing but ASCII back as text (the streams are always UTF-8)
    return ("".join(out) + run.decode("utf-8", _ESCAPED)).encode("utf-8"), error.end  # type: ignore[return-value]


_ESCAPED = "planrules-escaped-bytes"
NAMES_AS_UTF8 = "planrules-names"  # the error handler of the command's output streams
codecs.register_error(_ESCAPED, _escaped)
codecs.register_error(NAMES_AS_UTF8, _names_as_utf8)


def _inside(real: str, folder: str) -> bool:
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


def vet(path: str | os.PathLike, within: Sequence[str | os.PathLike] = (), *, folder: bool | None = False
        ) -> os.stat_result:
    """The status of `path` after its links, or `Refused`: what may be read, and from where.

    `folder`: False, a regular file is wanted; True, a folder; None, either.
    `within`: when given, the folders the path must lead into once every link
    is followed (a name a file gave, or a file found by walking a folder).
    Whatever `within`, a path into a kernel file system is refused: no
    document lives there.
    """
    name = os.fspath(path)
    try:
        info = os.stat(name)
        real = os.path.realpath(name)
    except (OSError, ValueError) as error:
        raise Refused(name, os_reason(error)) from None
    kernel = next((k for k in KERNEL_FOLDERS if _inside(real, k)), None)
    if kernel is not None:
        raise Refused(name, _said("refused_kernel", folder=kernel))
    if within:
        trees = list(dict.fromkeys(os.path.realpath(os.fspath(t)) for t in within))
        if not any(_inside(real, t) for t in trees):
            raise Refused(name, _said("refused_outside", real=real, trees=", ".join(trees)))
    kind = stat.S_IFMT(info.st_mode)
    wanted = {False: (stat.S_IFREG,), True: (stat.S_IFDIR,), None: (stat.S_IFREG, stat.S_IFDIR)}[folder]
    if kind not in wanted:
        if kind == stat.S_IFREG:
            raise Refused(name, _said("refused_not_folder"))
        raise Refused(name, _said("refused_kind", kind=_said(_KINDS.get(kind, "kind_other"))))
    return info


def read_file(path: str | os.PathLike, limit: int, within: Sequence[str | os.PathLike] = ()) -> tuple[bytes, int]:
    """(At most `limit` + 1 bytes of `path`, its size), or `Refused`; nothing is read when the size passes `limit`.

    The file is vetted first (`vet`), then opened without blocking (a FIFO put
    in its place meanwhile opens at once and is refused, not waited on), and
    checked to be the file vetted. A file that gives more bytes than its size
    is a kernel file or one being written: refused, its bytes dropped.
    """
    name = os.fspath(path)
    info = vet(name, within)
    if info.st_size > limit:
        return b"", info.st_size
    try:
        handle = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError) as error:
        raise Refused(name, os_reason(error)) from None
    with os.fdopen(handle, "rb") as file:
        opened = os.fstat(file.fileno())
        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino) or not stat.S_ISREG(opened.st_mode):
            raise Refused(name, _said("refused_changed"))
        if opened.st_size > limit:
            return b"", opened.st_size
        try:
            data = file.read(limit + 1)  # bounded, whatever the file does
        except OSError as error:
            raise Refused(name, os_reason(error)) from None
    if len(data) > opened.st_size:
        raise Refused(name, _said("refused_grew", size=str(opened.st_size)))
    return data, opened.st_size


@frozen
class Listing:
    """The files a walk found (sorted as paths), and the folders or entries it could not read."""

    files: tuple[Path, ...]
    refused: tuple[Refused, ...]


def walk(root: str | os.PathLike, wanted: Callable[[str], bool], *, deep: bool = True) -> Listing:
    """Every entry whose name is `wanted` at (`deep`: or below) folder `root`, each vetted to be inside it.

    Folders are listed with `os.scandir`, iteratively; a link to a folder is
    not followed (a walk stays in the tree named and cannot loop). An entry
    that is wanted but is not a regular file inside `root` once its links are
    followed (a link leaving the tree, a FIFO, a device, a folder named
    x.plan), and a folder that cannot be listed, are refused: said, never
    skipped in silence.
    """
    top = Path(root)
    real = os.path.realpath(top)
    plain = not any(_inside(real, k) for k in KERNEL_FOLDERS)  # else every entry is vetted (and refused)
    files: list[Path] = []
    refused: list[Refused] = []
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except (OSError, ValueError) as error:
            refused.append(Refused(os.fspath(folder), os_reason(error)))
            continue
        for entry in entries:
            if not wanted(entry.name):
                if deep and _plain_folder(entry):
                    stack.append(Path(entry.path))
                continue
            path = Path(entry.path)
            if plain and _plain_file(entry):  # not a link, below no link: inside `root`, a regular file
                files.append(path)
                continue
            try:
                vet(path, (top,))
            except Refused as refusal:
                refused.append(refusal)
                continue
            files.append(path)
    return Listing(tuple(sorted(files)), tuple(sorted(refused, key=lambda r: Path(r.path))))


def _plain_folder(entry: os.DirEntry) -> bool:
    """A folder that is not a link (a walk does not follow links to folders: it stays in its tree, never loops)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _plain_file(entry: os.DirEntry) -> bool:
    """A regular file that is not a link (from the folder listing itself, without a `stat` on Linux)."""
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def missing(path: str | os.PathLike) -> bool:
    """True when `path` is not there at all (a reader says what else is wrong with it, located)."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False
    return False
