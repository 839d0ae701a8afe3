#!/usr/bin/env python3
"""Debian's Dovecot on 127.0.0.1 for Kith's reply tests: IMAPS with a test certificate, one user, a Maildir.

  dovecot-test-server.py --folder DIR --user USER:PASS --cert CERT --key KEY
      prints "READY <port>" once it accepts connections, and runs until killed

Everything lives under DIR: the config, base_dir, the log, a passwd-file with the one user and a plain password,
and the user's Maildir (DIR/mail/USER, INBOX being its top folder). Dovecot runs as the user running the
tests: its internal and login users are that user, so no system account is needed. When that user is root,
the login and internal processes run as the dovenull and dovecot accounts of Debian's package, and the mail
belongs to the dovecot account: Dovecot refuses root for all three.
"""
import ctypes
import grp
import os
import pwd
import signal
import socket
import subprocess
import sys
import time

CONFIG = """\
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
info_log_path = {folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {group}
default_login_user = {login}
first_valid_uid = {uid}
last_valid_uid = {uid}
first_valid_gid = 0
mail_location = maildir:{folder}/mail/%u:LAYOUT=fs
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={folder}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
service pop3-login {{
  chroot =
}}
"""


def die_with_parent():
    """The test kills this script with SIGKILL, which it cannot pass on: the kernel kills Dovecot's master then
    (PR_SET_PDEATHSIG; SIGKILL, as a test thread's blocked SIGTERM is inherited), and its services exit when
    they see the master gone."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


def main():
    args = sys.argv
    folder = os.path.abspath(args[args.index("--folder") + 1])
    user, password = args[args.index("--user") + 1].split(":", 1)
    cert = os.path.abspath(args[args.index("--cert") + 1])
    key = os.path.abspath(args[args.index("--key") + 1])
    uid, gid = os.getuid(), os.getgid()
    login = pwd.getpwuid(uid).pw_name
    group = grp.getgrgid(gid).gr_name
    internal = login
    if uid == 0:
        # Dovecot's login and internal processes refuse to run as root: the accounts Debian's package makes.
        # Nor does it read mail as root: the mail belongs to the dovecot account, which the tests (root) can
        # still read and write.
        login, internal, group = "dovenull", "dovecot", "dovecot"
        uid, gid = pwd.getpwnam("dovecot").pw_uid, grp.getgrnam("dovecot").gr_gid
    for sub in ("run", "state", "mail", "home"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    for sub in ("mail", "home"):
        os.chown(os.path.join(folder, sub), uid, gid)
    with open(os.path.join(folder, "passwd"), "w") as out:
        out.write("%s:{PLAIN}%s\n" % (user, password))
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    config = os.path.join(folder, "dovecot.conf")
    with open(config, "w") as out:
        out.write(CONFIG.format(folder=folder, cert=cert, key=key, login=login, internal=internal, group=group, uid=uid, gid=gid,
                                port=port))
    child = subprocess.Popen(["/usr/sbin/dovecot", "-F", "-c", config], preexec_fn=die_with_parent,
                             stdout=subprocess.DEVNULL, stderr=open(os.path.join(folder, "dovecot.stderr"), "w"))
    deadline = time.time() + 20
    while time.time() < deadline:
        if child.poll() is not None:
            sys.exit("dovecot exited with %d; see %s/dovecot.log" % (child.returncode, folder))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        child.kill()
        sys.exit("dovecot did not listen within 20 s")
    print("READY %d" % port, flush=True)
    sys.stdout.close()
    child.wait()


if __name__ == "__main__":
    main()
