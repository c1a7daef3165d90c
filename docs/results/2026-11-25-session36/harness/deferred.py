"""Which C2 compilations of io.bnb.backend methods deferred @ForceInline calls at parse time.

Usage: python3 deferred.py LOGFILE   (a -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation log)

C2 defers the remaining calls of a method once its parse has made more nodes than the cutoff; a
deferred call that is not itself a vector intrinsic means the kernel's loop reached the cutoff, and
in some runs such loops end with calls that allocate (session 36). Prints, per compiled method, the
number of deferred calls and the first one (top-level bytecode, callee name), one entry per compile.
"""
import re
import sys

INTRINSICS = {'binaryOp', 'convert', 'blend', 'store', 'load', 'selectFromOp', 'fromBitsCoerced', 'compare',
              'broadcastInt', 'ternaryOp', 'rearrangeOp', 'selectFromTwoVectorOp', 'unaryOp', 'reductionCoerced',
              'test', 'maskReductionCoerced', 'loadMasked', 'storeMasked', 'indexVector', 'shuffleToVector',
              'wrapShuffleIndexes', 'libraryBinaryOp', 'maybeRebox', 'extract', 'insert', 'storeIntoMemorySegment',
              'loadFromMemorySegment', 'loadFromMemorySegmentMasked', 'storeIntoMemorySegmentMasked', 'compressExpandOp'}


def main(path):
    results, task = {}, None
    for line in open(path, errors='replace'):
        if line.startswith('<task '):
            name = re.search(r"method='([^']+)'", line)
            task = None
            # C2 tasks carry no level attribute in the log
            if name and 'io.bnb.backend' in name.group(1) and not re.search(r"level='\d'", line):
                osr = ' osr' if "compile_kind='osr'" in line else ''
                size = re.search(r"bytes='(\d+)'", line).group(1)
                task = {'key': f"{name.group(1).split(' (')[0]}{osr} [{size} B]", 'methods': {}, 'last': None,
                        'forced': False, 'count': 0, 'depth': 0, 'top': None, 'first': None}
            continue
        if task is None:
            continue
        if line.startswith('<task_done'):
            results.setdefault(task['key'], []).append((task['count'], task['first']))
            task = None
            continue
        m = re.match(r"<method id='(\d+)' holder='\d+' name='([^']+)'", line)
        if m:
            task['methods'][m.group(1)] = m.group(2)
            continue
        if line.startswith('<parse method'):
            task['depth'] += 1
        elif line.startswith('</parse'):
            task['depth'] -= 1
        m = re.match(r"<bc code='\d+' bci='(\d+)'", line)
        if m and task['depth'] == 1:
            task['top'] = int(m.group(1))
        m = re.match(r"<call method='(\d+)'", line)
        if m:
            task['last'], task['forced'] = m.group(1), False
        if line.startswith("<inline_success reason='force inline by annotation'"):
            task['forced'] = True
        if line.startswith('<direct_call') and task['forced']:
            callee = task['methods'].get(task['last'], '?')
            if callee not in INTRINSICS:
                task['count'] += 1
                if task['first'] is None:
                    task['first'] = (task['top'], callee)
    for key, compiles in sorted(results.items()):
        if any(count for count, _ in compiles):
            print(key, compiles)


if __name__ == '__main__':
    main(sys.argv[1])
